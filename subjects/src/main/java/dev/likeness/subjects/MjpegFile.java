package dev.likeness.subjects;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A recording as an MJPEG file (the JPEG frames one after another): what the CLI's {@code --video}
 * reads and Chromium's fake camera plays, looping at its end. OpenCV's JPEGs (baseline, standard
 * tables, 4:2:0) are what that camera decodes.
 */
public final class MjpegFile {

    private MjpegFile() {
    }

    public static Path write(Path file, List<byte[]> frames) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] frame : frames) {
                out.write(frame);
            }
        }
        return file;
    }
}
