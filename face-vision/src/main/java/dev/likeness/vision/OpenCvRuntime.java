package dev.likeness.vision;

import org.opencv.core.Core;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads OpenCV's native library, bundled in the openpnp jar, once per JVM (from this user's copy:
 * see {@link NativeLibraries}), and keeps each OpenCV call on its caller's thread. Our callers judge
 * whole frames in parallel (one per worker thread or process); OpenCV splitting each small network
 * pass over its own thread pool as well bought no throughput and cost CPU (face-vision's README has
 * the figures).
 */
public final class OpenCvRuntime {

    private static volatile boolean loaded;

    private OpenCvRuntime() {
    }

    public static void load() {
        if (!loaded) {
            synchronized (OpenCvRuntime.class) {
                if (!loaded) {
                    loadLibrary();
                    Core.setNumThreads(1);
                    loaded = true;
                }
            }
        }
    }

    /** From this user's copy where it can serve OpenCV's classes, else by openpnp's own loader. */
    private static void loadLibrary() {
        Optional<Path> copy = openPnpLibrary().flatMap(resource -> NativeLibraries.forClassesOf(Core.class, resource));
        if (copy.isPresent()) {
            try {
                System.load(copy.get().toString());
                return;
            } catch (UnsatisfiedLinkError e) {
                // Another loader of OpenCV's classes has this very file, say: a fresh copy will do.
                System.getLogger(OpenCvRuntime.class.getName()).log(System.Logger.Level.WARNING,
                        "OpenCV''s library did not load from {0} ({1}): openpnp''s loader copies it afresh", copy.get(), e.getMessage());
            }
        }
        nu.pattern.OpenCV.loadLocally();
    }

    /** Where the openpnp jar keeps the Linux library for this processor; others are left to its own loader. */
    private static Optional<String> openPnpLibrary() {
        String folder = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "ARMv8";
            default -> null;
        };
        return Optional.ofNullable(folder).map(arch -> "nu/pattern/opencv/linux/" + arch + "/"
                + System.mapLibraryName(Core.NATIVE_LIBRARY_NAME));
    }
}
