package dev.likeness.liveness;

import java.util.List;

/**
 * Whether a session's eye-aspect-ratio series shows a blink: open, then closed, then open again
 * within a human blink's duration. The ratio (lid gap over eye width, both eyes averaged) is what
 * quality-service already measures for {@code eyes_closed}. A photo never blinks; a video of the
 * user might, which is why a blink is one signal among others and never the decision alone.
 */
public final class Blink {

    /** Closed below this: the threshold Soukupová and Čech (2016) published for the eye aspect ratio. */
    public static final double CLOSED = 0.2;
    /** Open again at or above this: above CLOSED so landmark noise near the threshold is no blink (hysteresis). */
    public static final double OPEN = 0.25;
    /**
     * Longest closure that is a blink: a blink lasts 100-400 ms; 500 ms leaves a frame's jitter.
     * Longer is eyes shut, not a blink.
     */
    public static final long LONGEST_CLOSED_MS = 500;

    /** One frame's eye aspect ratio, and when the frame was taken. */
    public record Sample(long atMillis, double eyeAspectRatio) {
    }

    private Blink() {
    }

    /** Whether {@code series} (in time order) holds an open-closed-open sequence whose closed run lasts a blink. */
    public static boolean seen(List<Sample> series) {
        boolean openBefore = false;
        long closedFrom = -1;
        long closedUntil = -1;
        for (Sample sample : series) {
            double ratio = sample.eyeAspectRatio();
            if (ratio >= OPEN) {
                if (closedFrom >= 0 && openBefore && closedUntil - closedFrom <= LONGEST_CLOSED_MS) {
                    return true;
                }
                openBefore = true;
                closedFrom = -1;
            } else if (ratio < CLOSED) {
                if (closedFrom < 0) {
                    closedFrom = sample.atMillis();
                }
                closedUntil = sample.atMillis();
            }
        }
        return false;
    }
}
