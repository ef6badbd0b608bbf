package dev.likeness.vision;

import org.opencv.core.Mat;

import java.util.List;
import java.util.Optional;

/**
 * Places MediaPipe FaceMesh's 468 landmarks on a detected face: the detector's box is enlarged
 * 1.4 times and squared (as {@code @vladmandic/human} 3.3.6 does), that square is resampled to the
 * model's 192x192 input, and the landmarks are mapped back to frame pixels.
 */
public final class FaceMeshLandmarker {

    static final int INPUT_SIDE = 192;
    /** The detector's box is enlarged this much to hold the whole face (human's detector.scale). */
    static final double BOX_ENLARGEMENT = 1.4;
    /** Below this mesh confidence the crop holds no face after all (MediaPipe's operating point). */
    public static final double MIN_SCORE = 0.5;
    /** A box whose crop is smaller than this holds no face the mesh can place (it would be upsampled noise). */
    static final double MIN_CROP_SIDE = 16;

    private final NetPool nets;

    public FaceMeshLandmarker(int poolSize) {
        this.nets = new NetPool("facemesh", poolSize, INPUT_SIDE, 1 / 255.0, 0);
    }

    /** The face's landmarks, or empty when the mesh model does not see a face in the detector's box. */
    public Optional<FaceLandmarks> landmarks(FrameImage frame, DetectedFace face) {
        FaceBox crop = cropBox(face.box());
        if (!(crop.width() >= MIN_CROP_SIDE) || !Double.isFinite(crop.x()) || !Double.isFinite(crop.y())) {
            return Optional.empty();
        }
        Mat input = ImageSampling.cropAndResize(frame.colour(), crop.x(), crop.y(), crop.x() + crop.width(), crop.y() + crop.height(), INPUT_SIDE);
        Mat blob = ImageSampling.blob(input, 1 / 255.0, 0);
        input.release();
        List<Mat> outputs = nets.forward(blob);
        blob.release();
        try {
            Mat flag = outputs.stream().filter(m -> m.total() == 1).findFirst().orElseThrow();
            Mat mesh = outputs.stream().filter(m -> m.total() == FaceLandmarks.COUNT * 3L).findFirst().orElseThrow();
            float[] score = new float[1];
            flag.reshape(1, 1).get(0, 0, score);
            if (!(score[0] >= MIN_SCORE)) {
                return Optional.empty();
            }
            float[] raw = new float[FaceLandmarks.COUNT * 3];
            mesh.reshape(1, 1).get(0, 0, raw);
            double scale = crop.width() / INPUT_SIDE;
            float[] x = new float[FaceLandmarks.COUNT], y = new float[FaceLandmarks.COUNT], z = new float[FaceLandmarks.COUNT];
            for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                x[i] = (float) (scale * (raw[3 * i] - INPUT_SIDE / 2.0) + crop.centerX());
                y[i] = (float) (scale * (raw[3 * i + 1] - INPUT_SIDE / 2.0) + crop.centerY());
                z[i] = (float) (scale * raw[3 * i + 2]);
            }
            return Optional.of(new FaceLandmarks(x, y, z, score[0]));
        } finally {
            outputs.forEach(Mat::release);
        }
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
