package dev.likeness.vision;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * dlib's face-recognition ResNet (public domain weights, converted at build time from
 * {@code @vladmandic/face-api}): an aligned 150x150 chip to a 128-d descriptor. Two descriptors of
 * one person lie within Euclidean distance ~0.6 of each other, the model's published operating point.
 */
public final class FaceDescriber {

    /** Identifies the model a descriptor came from; stored with every template. */
    public static final String MODEL_ID = "dlib-face-recognition-resnet-v1";
    /** The conversion of that model: which weights, packaged by which release, converted by us. */
    public static final int MODEL_VERSION = 1;
    public static final int DESCRIPTOR_LENGTH = 128;
    /** dlib's published operating point for this model: pairs closer than 0.6 are the same person (LFW 99.38 %). */
    public static final double PUBLISHED_THRESHOLD = 0.6;

    private final OnnxRuntimeModel network;

    /** The model, loaded once and shared by every thread that describes a chip. */
    public FaceDescriber() {
        this.network = new OnnxRuntimeModel("face-recognition", FaceAligner.CHIP_SIDE);
    }

    /** The descriptor of an aligned BGR chip (see {@link FaceAligner}), which the caller holds. */
    public float[] describe(Mat chip) {
        if (chip.cols() != FaceAligner.CHIP_SIDE || chip.rows() != FaceAligner.CHIP_SIDE || chip.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("a descriptor needs a 150x150 BGR chip");
        }
        try (MatScope scope = new MatScope()) {
            float[] descriptor = network.run(scope.hold(ImageSampling.blob(chip, 1, 0)));
            if (descriptor.length != DESCRIPTOR_LENGTH) {
                throw new IllegalStateException("the face-recognition model gave " + descriptor.length + " values, not "
                        + DESCRIPTOR_LENGTH);
            }
            return descriptor;
        }
    }

    /** Euclidean distance of two descriptors. */
    public static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
