package dev.likeness.vision;

import org.opencv.core.Mat;

import java.util.Map;
import java.util.Optional;

/**
 * Places MediaPipe FaceMesh's 468 landmarks on a detected face: the detector's box is enlarged
 * 1.4 times and squared (as {@code @vladmandic/human} 3.3.6 does), that square is resampled to the
 * model's 192x192 input, and the landmarks are mapped back to frame pixels. FaceMesh was trained on
 * upright faces, so a tilted face is sampled again in a square turned with it, as MediaPipe does.
 */
public final class FaceMeshLandmarker implements AutoCloseable {

    /** Below this mesh confidence the crop holds no face after all (MediaPipe's operating point). */
    public static final double MIN_SCORE = 0.5;
    static final int INPUT_SIDE = 192;
    /** The detector's box is enlarged this much to hold the whole face (human's detector.scale). */
    static final double BOX_ENLARGEMENT = 1.4;
    /**
     * Tilts up to this (radians, ~6 degrees) are left to the model, which places an upright face
     * as the JavaScript reference does; beyond it the crop turns with the face.
     */
    static final double MIN_ROTATION = 0.1;
    /** At most this many turned placements after the upright one. */
    static final int TURNS = 2;
    /** A box whose crop is smaller than this holds no face the mesh can place (it would be upsampled noise). */
    static final double MIN_CROP_SIDE = 16;

    private final OnnxRuntimeModel network;

    /** The model, loaded once and shared by every thread that judges a frame. */
    public FaceMeshLandmarker() {
        this.network = new OnnxRuntimeModel("facemesh", INPUT_SIDE);
    }

    /** Frees the model's native memory (ONNX Runtime's sessions have no finalizer). */
    @Override
    public void close() {
        network.close();
    }

    /**
     * The face's landmarks, or empty when the mesh model does not see a face in the detector's box.
     * The mesh is first placed on an upright crop; when it shows a tilt beyond {@link #MIN_ROTATION},
     * it is placed again in a crop turned by that tilt, at most {@link #TURNS} times, each turn
     * bringing the face closer to upright (FaceMesh understates a tilt it was not trained on).
     */
    public Optional<FaceLandmarks> landmarks(FrameImage frame, DetectedFace face) {
        FaceBox crop = cropBox(face.box());
        if (!(crop.width() >= MIN_CROP_SIDE) || !Double.isFinite(crop.x()) || !Double.isFinite(crop.y())) {
            return Optional.empty();
        }
        double angle = 0;
        Optional<FaceLandmarks> landmarks = place(frame, crop, angle);
        for (int turn = 0; turn < TURNS && landmarks.isPresent(); turn++) {
            double tilt = landmarks.get().roll();
            if (!(Math.abs(tilt - angle) > MIN_ROTATION)) {
                break;
            }
            angle = tilt;
            Optional<FaceLandmarks> turned = place(frame, crop, angle);
            if (turned.isEmpty()) {
                break;
            }
            landmarks = turned;
        }
        return landmarks;
    }

    private Optional<FaceLandmarks> place(FrameImage frame, FaceBox crop, double angle) {
        double cos = Math.cos(angle), sin = Math.sin(angle);
        Map<String, float[]> outputs;
        try (MatScope scope = new MatScope()) {
            Mat input = scope.hold(angle == 0
                    ? ImageSampling.cropAndResize(frame.colour(), crop.x(), crop.y(), crop.x() + crop.width(), crop.y() + crop.height(),
                    INPUT_SIDE)
                    : ImageSampling.turnedCrop(frame.colour(), crop.centerX(), crop.centerY(), crop.width(), angle, INPUT_SIDE));
            Mat blob = scope.hold(ImageSampling.blob(input, 1 / 255.0, 0));
            outputs = network.outputs(blob);
        }
        // Two outputs, told apart by size: the face flag (one value) and the mesh (x, y, z per landmark).
        float[] score = outputs.values().stream().filter(o -> o.length == 1).findFirst().orElseThrow();
        float[] raw = outputs.values().stream().filter(o -> o.length == FaceLandmarks.COUNT * 3).findFirst().orElseThrow();
        if (!(score[0] >= MIN_SCORE)) {
            return Optional.empty();
        }
        double scale = crop.width() / INPUT_SIDE;
        float[] x = new float[FaceLandmarks.COUNT], y = new float[FaceLandmarks.COUNT], z = new float[FaceLandmarks.COUNT];
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            double u = scale * (raw[3 * i] - INPUT_SIDE / 2.0), v = scale * (raw[3 * i + 1] - INPUT_SIDE / 2.0);
            x[i] = (float) (cos * u - sin * v + crop.centerX());
            y[i] = (float) (sin * u + cos * v + crop.centerY());
            z[i] = (float) (scale * raw[3 * i + 2]);
        }
        return Optional.of(new FaceLandmarks(x, y, z, score[0]));
    }

    /** The square the mesh model looks at: the detector's box enlarged and squared, corners rounded to pixels. */
    static FaceBox cropBox(FaceBox box) {
        double half = Math.max(box.width(), box.height()) * BOX_ENLARGEMENT / 2;
        double x1 = Math.round(box.centerX() - half);
        double y1 = Math.round(box.centerY() - half);
        double x2 = Math.round(box.centerX() + half);
        double y2 = Math.round(box.centerY() + half);
        return new FaceBox(x1, y1, x2 - x1, y2 - y1);
    }
}
