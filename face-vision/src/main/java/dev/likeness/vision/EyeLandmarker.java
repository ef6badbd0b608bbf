package dev.likeness.vision;

import org.opencv.core.Core;
import org.opencv.core.Mat;

import java.util.Optional;

/**
 * How open the eyes are, from MediaPipe's Iris model run on a crop around each eye placed as
 * {@code @vladmandic/human} 3.3.6 places it: a square 2.3 times the corner-to-corner distance
 * wide, centred between the eye's corners, resampled to 64x64. Our crop also turns with the line
 * through the corners, so a tilted head still gives the model a level eye. The model was trained on
 * one side's eyes: the subject's left eye (image right) is mirrored, as MediaPipe and human do.
 * The eyes go through the network one after the other (the converted model takes one image).
 */
public final class EyeLandmarker {

    static final int INPUT_SIDE = 64;
    /** The eye crop's side as a multiple of the corner-to-corner distance (human's iris.scale). */
    static final double CROP_ENLARGEMENT = 2.3;
    /** Eyes whose corners are closer than this (frame pixels) are too small for the model to measure. */
    static final double MIN_EYE_WIDTH = 6;

    /** FaceMesh's eye corners, each eye's given image-left first: the subject's right eye, then the left. */
    private static final int RIGHT_OUTER = 33, RIGHT_INNER = 133, LEFT_INNER = 362, LEFT_OUTER = 263;
    /** The model's output per eye: 71 eye-contour and brow points, then 5 iris points, x y z each. */
    private static final int VALUES_PER_EYE = 76 * 3;
    /**
     * In those 71 contour points the lower lid runs from 0 (one corner) to 8 (the other) and the
     * upper lid from 9 to 15; these pairs face each other across the opening, at the middle of the
     * eye and about a quarter of its width either side.
     */
    private static final int CORNER_A = 0, CORNER_B = 8;
    private static final int[][] LID_PAIRS = {{11, 3}, {12, 4}, {13, 5}};

    private final OnnxRuntimeModel network;

    /** The model, loaded once and shared by every thread that judges a frame. */
    public EyeLandmarker() {
        this.network = new OnnxRuntimeModel("iris", INPUT_SIDE);
    }

    /**
     * Each eye's aperture: the mean gap between the lids at three points across the eye over the
     * distance between its corners (the eye aspect ratio of Soukupová and Čech, 2016, measured on
     * the Iris model's lid contour). Empty when an eye is too small, or its crop runs outside the
     * frame (the face-partial filter speaks for that frame).
     */
    public Optional<EyeApertures> apertures(FrameImage frame, FaceLandmarks landmarks) {
        try (MatScope scope = new MatScope()) {
            Optional<Mat> right = crop(frame, landmarks.point(RIGHT_OUTER), landmarks.point(RIGHT_INNER)).map(scope::hold);
            Optional<Mat> left = crop(frame, landmarks.point(LEFT_INNER), landmarks.point(LEFT_OUTER)).map(scope::hold);
            if (right.isEmpty() || left.isEmpty()) {
                return Optional.empty();
            }
            Core.flip(left.get(), left.get(), 1);
            double rightAperture = aperture(eyePoints(right.get(), scope)), leftAperture = aperture(eyePoints(left.get(), scope));
            if (!Double.isFinite(rightAperture) || !Double.isFinite(leftAperture)) {
                return Optional.empty();
            }
            return Optional.of(new EyeApertures(rightAperture, leftAperture));
        }
    }

    /** The model's points for one eye crop; its blob is held by {@code scope}. */
    private float[] eyePoints(Mat crop, MatScope scope) {
        Mat blob = scope.hold(ImageSampling.blob(crop, 1 / 255.0, 0));
        float[] points = network.run(blob);
        if (points.length != VALUES_PER_EYE) {
            throw new IllegalStateException("the iris model gave " + points.length + " values for an eye, not " + VALUES_PER_EYE);
        }
        return points;
    }

    /**
     * The model's input for one eye, its corners given left to right in the image (the caller holds it); empty when it cannot be
     * measured.
     */
    private static Optional<Mat> crop(FrameImage frame, ImagePoint imageLeft, ImagePoint imageRight) {
        double dx = imageRight.x() - imageLeft.x(), dy = imageRight.y() - imageLeft.y();
        double width = Math.hypot(dx, dy);
        double centerX = (imageLeft.x() + imageRight.x()) / 2, centerY = (imageLeft.y() + imageRight.y()) / 2;
        double half = width * CROP_ENLARGEMENT / 2;
        boolean inside = centerX - half >= 0 && centerY - half >= 0 && centerX + half <= frame.width() && centerY + half <= frame.height();
        if (!(width >= MIN_EYE_WIDTH) || !inside) {
            return Optional.empty();
        }
        return Optional.of(ImageSampling.turnedCrop(frame.colour(), centerX, centerY, 2 * half, Math.atan2(dy, dx), INPUT_SIDE));
    }

    /** Lid gap over eye width for one eye's points; distances in the crop keep the frame's ratios. */
    private static double aperture(float[] points) {
        double corners = distance(points, CORNER_A, CORNER_B);
        double gaps = 0;
        for (int[] pair : LID_PAIRS) {
            gaps += distance(points, pair[0], pair[1]);
        }
        return gaps / LID_PAIRS.length / corners;
    }

    private static double distance(float[] points, int a, int b) {
        return Math.hypot(points[3 * a] - points[3 * b], points[3 * a + 1] - points[3 * b + 1]);
    }

    /** The aperture of each eye (lid gap over eye width): about 0.3 open, towards 0 shut. */
    public record EyeApertures(double right, double left) {

        /** Both eyes together, as the eye-aspect-ratio literature averages them: a wink is not closed eyes. */
        public double mean() {
            return (right + left) / 2;
        }
    }
}
