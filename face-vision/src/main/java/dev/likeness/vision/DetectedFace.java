package dev.likeness.vision;

import java.util.List;

/**
 * One face as BlazeFace found it, in frame pixels: its box, its six keypoints, and the detector's
 * confidence (0-1). The keypoints are, from the subject's point of view (their right eye is on the
 * image's left): right eye, left eye, nose tip, mouth, right ear, left ear.
 */
public record DetectedFace(FaceBox box, List<ImagePoint> keypoints, double score) {

    public DetectedFace {
        keypoints = List.copyOf(keypoints);
    }
}
