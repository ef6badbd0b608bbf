package dev.likeness.cli.client;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The frames a client sends, as JPEG bytes, looped like a camera: a folder of images taken in name
 * order, or an MJPEG video (a stream of concatenated JPEGs, as {@code ffmpeg -f mjpeg} writes).
 */
public final class FrameSource {

    private final List<byte[]> frames;
    private int next;

    private FrameSource(List<byte[]> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames found");
        }
        this.frames = List.copyOf(frames);
    }

    public static FrameSource of(List<byte[]> jpegs) {
        return new FrameSource(jpegs);
    }

    /** Every .jpg/.jpeg/.png in the folder, by name; PNGs are re-encoded as JPEG like a camera would. */
    public static FrameSource images(Path folder) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(FrameSource::isImage).sorted().toList()) {
                frames.add(asJpeg(file));
            }
        }
        if (frames.isEmpty()) {
            throw new IOException("no .jpg, .jpeg or .png files in " + folder);
        }
        return new FrameSource(frames);
    }

    /** The JPEG frames of an MJPEG file, split at their start-of-image / end-of-image markers. */
    public static FrameSource mjpeg(Path video) throws IOException {
        byte[] bytes = Files.readAllBytes(video);
        List<byte[]> frames = new ArrayList<>();
        int start = -1;
        for (int i = 0; i + 1 < bytes.length; i++) {
            int marker = ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
            if (marker == 0xFFD8 && start < 0) {
                start = i;
            } else if (marker == 0xFFD9 && start >= 0) {
                frames.add(java.util.Arrays.copyOfRange(bytes, start, i + 2));
                start = -1;
                i++;
            }
        }
        if (frames.isEmpty()) {
            throw new IOException(video + " holds no JPEG frames (expected MJPEG, e.g. ffmpeg -i in.mp4 -f mjpeg out.mjpeg)");
        }
        return new FrameSource(frames);
    }

    public int size() {
        return frames.size();
    }

    /** The next frame, wrapping around at the end. */
    public byte[] next() {
        byte[] frame = frames.get(next);
        next = (next + 1) % frames.size();
        return frame;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    private static byte[] asJpeg(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase();
        if (!name.endsWith(".png")) {
            return Files.readAllBytes(file);
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not a readable image");
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpg", jpeg);
        return jpeg.toByteArray();
    }
}
