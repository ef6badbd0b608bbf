package dev.likeness.vision;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A face's pixels as liveness's frozen-feed check reads them: the face box's grey levels at
 * {@link #SIDE} x {@link #SIDE} points, nearest pixel (no smoothing: a sensor's noise stays, which is
 * what tells a camera from a looped file), too few to recognise anyone by.
 */
public final class FaceGreySample {

    /** The side of the sample. */
    public static final int SIDE = 32;

    private FaceGreySample() {
    }

    /** The sample of {@code box}'s part inside {@code frame}. */
    public static byte[] of(FrameImage frame, FaceBox box) {
        int left = clamp((int) box.x(), frame.width()), top = clamp((int) box.y(), frame.height());
        int right = Math.max(left + 1, Math.min(frame.width(), (int) Math.ceil(box.x() + box.width())));
        int bottom = Math.max(top + 1, Math.min(frame.height(), (int) Math.ceil(box.y() + box.height())));
        try (MatScope scope = new MatScope()) {
            Mat sample = scope.newMat();
            Imgproc.resize(scope.hold(frame.grey().submat(top, bottom, left, right)), sample, new Size(SIDE, SIDE), 0, 0,
                    Imgproc.INTER_NEAREST);
            byte[] levels = new byte[SIDE * SIDE];
            sample.get(0, 0, levels);
            return levels;
        }
    }

    private static int clamp(int value, int size) {
        return Math.max(0, Math.min(size - 1, value));
    }
}
