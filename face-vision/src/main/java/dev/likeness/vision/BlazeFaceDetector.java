package dev.likeness.vision;

import org.opencv.core.Mat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds faces with MediaPipe's BlazeFace (the front-camera, short-range model: 128x128 input,
 * 896 anchors, a box and six keypoints per anchor), decoded as {@code @vladmandic/human} 3.3.6
 * decodes it. The frame is stretched to the model's square input, so faces are found at any
 * aspect ratio without padding.
 */
public final class BlazeFaceDetector implements AutoCloseable {

    /**
     * Minimum confidence of a face: MediaPipe's own operating point for this model. (The JS
     * reference defaults to 0.2, which finds faces in clutter; a second, spurious face would
     * trigger face_multiple.)
     */
    public static final double MIN_SCORE = 0.5;
    static final int INPUT_SIDE = 128;
    /** Boxes overlapping a better one by more than this IoU are the same face (human's default). */
    static final double NMS_IOU = 0.1;
    /** At most this many faces are reported. */
    static final int MAX_FACES = 8;
    private static final int KEYPOINTS = 6;
    private static final int REGRESSORS = 4 + 2 * KEYPOINTS;

    private final OnnxRuntimeModel network;
    private final float[][] anchors = anchors();

    /** The model, loaded once and shared by every thread that judges a frame. */
    public BlazeFaceDetector() {
        this.network = new OnnxRuntimeModel("blazeface", INPUT_SIDE);
    }

    /** Frees the model's native memory (ONNX Runtime's sessions have no finalizer). */
    @Override
    public void close() {
        network.close();
    }

    /** The faces of the frame, best first, in frame pixels. */
    public List<DetectedFace> detect(FrameImage frame) {
        Prediction prediction = predict(frame.colour());
        List<DetectedFace> candidates = new ArrayList<>();
        double scaleX = (double) frame.width() / INPUT_SIDE;
        double scaleY = (double) frame.height() / INPUT_SIDE;
        for (int i = 0; i < anchors.length; i++) {
            double score = 1 / (1 + Math.exp(-prediction.logits()[i]));
            if (!(score > MIN_SCORE)) {
                continue;
            }
            float[] r = prediction.regressors();
            int at = i * REGRESSORS;
            double centerX = r[at] + anchors[i][0];
            double centerY = r[at + 1] + anchors[i][1];
            double width = r[at + 2];
            double height = r[at + 3];
            FaceBox box = new FaceBox((centerX - width / 2) * scaleX, (centerY - height / 2) * scaleY, width * scaleX, height * scaleY);
            List<ImagePoint> keypoints = new ArrayList<>(KEYPOINTS);
            for (int k = 0; k < KEYPOINTS; k++) {
                keypoints.add(new ImagePoint((r[at + 4 + 2 * k] + anchors[i][0]) * scaleX, (r[at + 5 + 2 * k] + anchors[i][1]) * scaleY));
            }
            candidates.add(new DetectedFace(box, keypoints, score));
        }
        return suppressOverlaps(candidates);
    }

    /** Per anchor, in human's order (the 16x16 grid, then the 8x8): a logit, and 16 regressors (box, then 6 keypoints). */
    private record Prediction(float[] logits, float[] regressors) {
    }

    private Prediction predict(Mat bgr) {
        List<float[]> bySize;
        try (MatScope scope = new MatScope()) {
            Mat input = scope.hold(ImageSampling.resize(bgr, INPUT_SIDE, INPUT_SIDE));
            Mat blob = scope.hold(ImageSampling.blob(input, 1 / 127.5, 127.5));
            bySize = new ArrayList<>(network.outputs(blob).values());
        }
        // Four outputs: scores and regressors of each grid. Told apart by size, as the reference does.
        bySize.sort(Comparator.comparingInt(output -> output.length));
        float[] scoresCoarse = bySize.get(0), scoresFine = bySize.get(1), boxesCoarse = bySize.get(2), boxesFine = bySize.get(3);
        int fine = scoresFine.length;
        if (fine + scoresCoarse.length != anchors.length || boxesFine.length + boxesCoarse.length != anchors.length * REGRESSORS) {
            throw new IllegalStateException("the blazeface model's outputs do not match its " + anchors.length + " anchors");
        }
        float[] logits = new float[anchors.length];
        float[] regressors = new float[anchors.length * REGRESSORS];
        System.arraycopy(scoresFine, 0, logits, 0, fine);
        System.arraycopy(boxesFine, 0, regressors, 0, fine * REGRESSORS);
        System.arraycopy(scoresCoarse, 0, logits, fine, anchors.length - fine);
        System.arraycopy(boxesCoarse, 0, regressors, fine * REGRESSORS, (anchors.length - fine) * REGRESSORS);
        return new Prediction(logits, regressors);
    }

    /** Greedy non-maximum suppression, as tf.image.nonMaxSuppression. */
    private static List<DetectedFace> suppressOverlaps(List<DetectedFace> candidates) {
        candidates.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace candidate : candidates) {
            if (kept.size() == MAX_FACES) {
                break;
            }
            if (kept.stream().noneMatch(k -> k.box().iou(candidate.box()) > NMS_IOU)) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /** Anchor centres in input pixels: strides 8 and 16 with 2 and 6 anchors a cell. */
    private static float[][] anchors() {
        List<float[]> anchors = new ArrayList<>();
        int[] strides = {INPUT_SIDE / 16, INPUT_SIDE / 8};
        int[] perCell = {2, 6};
        for (int s = 0; s < strides.length; s++) {
            int cells = (INPUT_SIDE + strides[s] - 1) / strides[s];
            for (int y = 0; y < cells; y++) {
                for (int x = 0; x < cells; x++) {
                    for (int n = 0; n < perCell[s]; n++) {
                        anchors.add(new float[]{strides[s] * (x + 0.5f), strides[s] * (y + 0.5f)});
                    }
                }
            }
        }
        return anchors.toArray(float[][]::new);
    }
}
