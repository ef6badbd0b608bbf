package dev.likeness.vision;

import java.util.List;

/**
 * One face as BlazeFace found it, in frame pixels: its box, its six keypoints in
 * {@link Keypoint} order, and the detector's confidence (0-1).
 */
public record DetectedFace(FaceBox box, List<ImagePoint> keypoints, double score) {

    /** BlazeFace's keypoints, named from the subject's point of view (their right eye is on the image's left). */
    public enum Keypoint { RIGHT_EYE, LEFT_EYE, NOSE_TIP, MOUTH, RIGHT_EAR, LEFT_EAR }

    public DetectedFace {
        keypoints = List.copyOf(keypoints);
    }

    public ImagePoint keypoint(Keypoint which) {
        return keypoints.get(which.ordinal());
    }
}
