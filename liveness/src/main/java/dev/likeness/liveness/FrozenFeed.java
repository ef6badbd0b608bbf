package dev.likeness.liveness;

import java.util.List;

/**
 * Whether a window of frames shows a frozen feed: neither the landmarks nor the pixels of the face
 * changed beyond what a camera's own noise does. A live subject never holds that still: standing
 * or sitting, a head sways 1-3 mm a second, at webcam distance 1.5-5 % of the inter-ocular
 * distance (IOD, about 63 mm); FaceMesh's jitter, averaged over the landmarks, stays near 0.2 %.
 * And a real sensor's temporal noise at indoor light is 1-3 grey levels per pixel, so consecutive
 * frames of even a motionless scene differ by more than {@link #PIXEL_CHANGE}; identical frames (a
 * looped still, a frozen stream) differ by nothing. Both below their thresholds across the whole
 * window is the server filter {@code no_movement_from_subject}.
 */
public final class FrozenFeed {

    /** Frames a judgement needs: a second at the SDK's 8 frames/s. */
    public static final int WINDOW = 8;
    /** Largest mean landmark displacement from the window's first frame, in IODs, of a frozen feed (2.5 x FaceMesh's mean jitter). */
    public static final double LANDMARK_MOTION = 0.005;
    /** Largest mean absolute grey-level difference to the previous frame, in the face region, of a frozen feed (below sensor noise). */
    public static final double PIXEL_CHANGE = 0.5;

    /**
     * One frame: its landmarks (the same ones each frame), the IOD in pixels, and the mean absolute
     * grey-level difference of its face region to the previous frame's.
     */
    public record Frame(List<Point> landmarks, double interOcular, double pixelChange) {
    }

    private FrozenFeed() {
    }

    /** Whether the last {@link #WINDOW} frames of {@code frames} are frozen; false while fewer have come. */
    public static boolean frozen(List<Frame> frames) {
        if (frames.size() < WINDOW) {
            return false;
        }
        List<Frame> window = frames.subList(frames.size() - WINDOW, frames.size());
        Frame first = window.get(0);
        for (Frame frame : window.subList(1, WINDOW)) {
            if (frame.pixelChange() > PIXEL_CHANGE || displacement(first, frame) > LANDMARK_MOTION) {
                return false;
            }
        }
        return true;
    }

    private static double displacement(Frame from, Frame to) {
        double sum = 0;
        for (int i = 0; i < from.landmarks().size(); i++) {
            Point a = from.landmarks().get(i);
            Point b = to.landmarks().get(i);
            sum += Math.hypot(b.x() - a.x(), b.y() - a.y());
        }
        return sum / from.landmarks().size() / from.interOcular();
    }
}
