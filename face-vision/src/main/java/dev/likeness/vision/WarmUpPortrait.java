package dev.likeness.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A bundled public-domain portrait (Grace Hopper, US Navy; testdata/faces/SOURCES.md) the services
 * run their hot path on at start-up, before they report ready: the JIT compiles the frame path and
 * the networks allocate their buffers then, not on the first user's frames.
 */
public final class WarmUpPortrait {

    private static final String RESOURCE = "/dev/likeness/vision/warm-up-portrait.jpg";

    private WarmUpPortrait() {
    }

    /** The portrait as JPEG bytes. */
    public static byte[] jpeg() {
        try (InputStream in = WarmUpPortrait.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the face-vision jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
