package dev.likeness.vision;

import org.opencv.core.Core;

/**
 * Loads OpenCV's native library, bundled in the openpnp jar, once per JVM, and keeps each OpenCV
 * call on its caller's thread. Our callers judge whole frames in parallel (one per worker thread or
 * process); OpenCV splitting each small network pass over its own thread pool as well bought no
 * throughput and cost CPU: one frame at a time, 28.8 ms of CPU a frame with OpenCV's default
 * threads against 16.4 ms with one, at 61.6 and 64.1 frames/s (see the load issue's closing note).
 */
public final class OpenCvRuntime {

    private static volatile boolean loaded;

    private OpenCvRuntime() {
    }

    public static void load() {
        if (!loaded) {
            synchronized (OpenCvRuntime.class) {
                if (!loaded) {
                    nu.pattern.OpenCV.loadLocally();
                    Core.setNumThreads(1);
                    loaded = true;
                }
            }
        }
    }
}
