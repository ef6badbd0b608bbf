package dev.likeness.client;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The frames a client sends, as JPEG bytes, looped like a camera (a recording: it cannot follow a
 * challenge): a folder of images taken in name
 * order, or an MJPEG video (a stream of concatenated JPEGs, as {@code ffmpeg -f mjpeg} writes).
 */
public final class FrameSource implements Camera {

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

    /**
     * The JPEG frames of an MJPEG file (concatenated JPEGs). Each frame is walked segment by
     * segment, so an end-of-image marker inside a segment (an EXIF thumbnail) does not cut it short.
     */
    public static FrameSource mjpeg(Path video) throws IOException {
        byte[] bytes = Files.readAllBytes(video);
        List<byte[]> frames = new ArrayList<>();
        int at = 0;
        while ((at = nextStartOfImage(bytes, at)) >= 0) {
            int end = endOfImage(bytes, at);
            if (end < 0) {
                break; // a truncated last frame
            }
            frames.add(Arrays.copyOfRange(bytes, at, end));
            at = end;
        }
        if (frames.isEmpty()) {
            throw new IOException(video + " holds no JPEG frames (expected MJPEG, e.g. ffmpeg -i in.mp4 -f mjpeg out.mjpeg)");
        }
        return new FrameSource(frames);
    }

    private static int nextStartOfImage(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD8) {
                return i;
            }
        }
        return -1;
    }

    /** The index just past the EOI of the JPEG starting at {@code start}, or -1 if it is cut off. */
    private static int endOfImage(byte[] b, int start) {
        int i = start + 2;
        while (i + 1 < b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                return -1;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xD9) {
                return i + 2;
            }
            if (i + 3 >= b.length) {
                return -1;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            i += 2 + length;
            if (marker == 0xDA) {
                // Entropy-coded data follows the scan header: 0xFF is stuffed as FF00 there, and
                // restart markers (FFD0-FFD7) belong to it; any other marker ends it.
                while (i + 1 < b.length) {
                    if ((b[i] & 0xff) == 0xFF) {
                        int next = b[i + 1] & 0xff;
                        if (next != 0x00 && (next < 0xD0 || next > 0xD7)) {
                            break;
                        }
                    }
                    i++;
                }
            }
        }
        return -1;
    }

    public int size() {
        return frames.size();
    }

    /** The frames, in order (for a caller that needs one source per concurrent session: {@code of(frames())}). */
    public List<byte[]> frames() {
        return frames;
    }

    /** The next frame, wrapping around at the end. */
    @Override
    public byte[] capture() {
        return next();
    }

    /** The next frame, wrapping around at the end. */
    public byte[] next() {
        byte[] frame = frames.get(next);
        next = (next + 1) % frames.size();
        return frame;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    private static byte[] asJpeg(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
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
