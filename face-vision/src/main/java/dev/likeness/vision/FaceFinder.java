package dev.likeness.vision;

import java.util.List;
import java.util.Optional;

/**
 * The quality path's face work on one frame: every face BlazeFace finds, and FaceMesh's landmarks
 * of the largest one (the user's; the others only matter as "more than one face"). Pure: the same
 * frame gives the same finding.
 */
public final class FaceFinder implements AutoCloseable {

    private final BlazeFaceDetector detector;
    private final FaceMeshLandmarker landmarker;

    public FaceFinder(BlazeFaceDetector detector, FaceMeshLandmarker landmarker) {
        this.detector = detector;
        this.landmarker = landmarker;
    }

    /** Both models loaded once; their sessions serve frames of different sessions in parallel. */
    public static FaceFinder withModels() {
        return new FaceFinder(new BlazeFaceDetector(), new FaceMeshLandmarker());
    }

    /** Frees both models' native memory, for a finder used briefly (a warm-up); a service's lives as long as it. */
    @Override
    public void close() {
        detector.close();
        landmarker.close();
    }

    /** What was found: the faces, largest first, and the landmarks of the largest when the mesh confirms it. */
    public record Finding(List<DetectedFace> faces, Optional<FaceLandmarks> landmarks) {

        public Optional<DetectedFace> largest() {
            return faces.stream().findFirst();
        }
    }

    public Finding find(FrameImage frame) {
        List<DetectedFace> faces = detector.detect(frame).stream()
                .sorted((a, b) -> Double.compare(b.box().area(), a.box().area())).toList();
        Optional<FaceLandmarks> landmarks = faces.isEmpty() ? Optional.empty() : landmarker.landmarks(frame, faces.get(0));
        return new Finding(faces, landmarks);
    }
}
