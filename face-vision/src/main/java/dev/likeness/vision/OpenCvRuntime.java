package dev.likeness.vision;

/** Loads OpenCV's native library, bundled in the openpnp jar, once per JVM. */
public final class OpenCvRuntime {

    private static volatile boolean loaded;

    private OpenCvRuntime() {
    }

    public static void load() {
        if (!loaded) {
            synchronized (OpenCvRuntime.class) {
                if (!loaded) {
                    nu.pattern.OpenCV.loadLocally();
                    loaded = true;
                }
            }
        }
    }
}
