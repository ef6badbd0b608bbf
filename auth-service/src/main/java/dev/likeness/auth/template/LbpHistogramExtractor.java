package dev.likeness.auth.template;

import dev.likeness.vision.FaceBox;
import dev.likeness.vision.FaceDetector;
import dev.likeness.vision.FrameImage;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

import java.util.List;
import java.util.Optional;

/**
 * The classic local-binary-pattern face descriptor (Ahonen et al., 2006): the face crop is
 * normalised to {@value #SIDE} px with contrast equalisation, every pixel is coded by which of its 8
 * neighbours are brighter, and the codes' uniform-pattern histograms over a {@value #GRID}x{@value #GRID}
 * grid form the template; templates compare by chi-square distance.
 * It needs no model weights, which is why it is the built-in model; it is a baseline, far weaker
 * than a learned embedding, and the threshold below was calibrated on the bundled test faces only.
 */
public final class LbpHistogramExtractor implements FaceTemplateExtractor {

    static final int VERSION = 1;
    static final int SIDE = 96;
    static final int GRID = 6;
    /** 58 uniform patterns (at most two 0/1 transitions around the circle) plus one bin for all others. */
    static final int BINS = 59;
    /**
     * Chi-square distance below which two templates are the same person. Measured with
     * {@code LbpHistogramExtractorTest} (it prints them): Grace Hopper's enrolment frames against her
     * second photo 0.122, against Eileen Collins 0.419; the threshold sits between.
     */
    static final double SAME_FACE_THRESHOLD = 0.30;

    private static final int[] UNIFORM_BIN = uniformBins();

    private final FaceDetector detector;

    public LbpHistogramExtractor(FaceDetector detector) {
        this.detector = detector;
    }

    @Override
    public Optional<FaceTemplate> extract(FrameImage frame) {
        List<FaceBox> faces = detector.detect(frame);
        if (faces.isEmpty()) {
            return Optional.empty();
        }
        Rect box = faces.get(0).toRect();
        Mat crop = new Mat(frame.grey(), box);
        Mat face = new Mat();
        try {
            Imgproc.resize(crop, face, new Size(SIDE, SIDE), 0, 0, Imgproc.INTER_AREA);
            CLAHE clahe = Imgproc.createCLAHE(2.0, new Size(4, 4));
            clahe.apply(face, face);
            byte[] pixels = new byte[SIDE * SIDE];
            face.get(0, 0, pixels);
            return Optional.of(new FaceTemplate(VERSION, histograms(pixels)));
        } finally {
            crop.release();
            face.release();
        }
    }

    @Override
    public double distance(FaceTemplate a, FaceTemplate b) {
        if (a.version() != VERSION || b.version() != VERSION || a.features().length != b.features().length) {
            throw new IllegalArgumentException("not templates of this extractor");
        }
        double sum = 0;
        for (int i = 0; i < a.features().length; i++) {
            double total = a.features()[i] + b.features()[i];
            if (total > 0) {
                double difference = a.features()[i] - b.features()[i];
                sum += difference * difference / total;
            }
        }
        // Each cell's histogram sums to 1, so the distance lies in [0, 2 * cells]; scale to [0, 2].
        return sum / (GRID * GRID);
    }

    @Override
    public double sameFaceThreshold() {
        return SAME_FACE_THRESHOLD;
    }

    private static float[] histograms(byte[] pixels) {
        float[] features = new float[GRID * GRID * BINS];
        int cell = SIDE / GRID;
        for (int y = 1; y < SIDE - 1; y++) {
            for (int x = 1; x < SIDE - 1; x++) {
                int centre = pixels[y * SIDE + x] & 0xff;
                int code = 0;
                code |= ((pixels[(y - 1) * SIDE + x - 1] & 0xff) >= centre ? 1 : 0) << 7;
                code |= ((pixels[(y - 1) * SIDE + x] & 0xff) >= centre ? 1 : 0) << 6;
                code |= ((pixels[(y - 1) * SIDE + x + 1] & 0xff) >= centre ? 1 : 0) << 5;
                code |= ((pixels[y * SIDE + x + 1] & 0xff) >= centre ? 1 : 0) << 4;
                code |= ((pixels[(y + 1) * SIDE + x + 1] & 0xff) >= centre ? 1 : 0) << 3;
                code |= ((pixels[(y + 1) * SIDE + x] & 0xff) >= centre ? 1 : 0) << 2;
                code |= ((pixels[(y + 1) * SIDE + x - 1] & 0xff) >= centre ? 1 : 0) << 1;
                code |= ((pixels[y * SIDE + x - 1] & 0xff) >= centre ? 1 : 0);
                int cellIndex = Math.min(y / cell, GRID - 1) * GRID + Math.min(x / cell, GRID - 1);
                features[cellIndex * BINS + UNIFORM_BIN[code]]++;
            }
        }
        for (int c = 0; c < GRID * GRID; c++) {
            float total = 0;
            for (int b = 0; b < BINS; b++) {
                total += features[c * BINS + b];
            }
            for (int b = 0; b < BINS && total > 0; b++) {
                features[c * BINS + b] /= total;
            }
        }
        return features;
    }

    private static int[] uniformBins() {
        int[] bins = new int[256];
        int next = 0;
        for (int code = 0; code < 256; code++) {
            int transitions = Integer.bitCount((code ^ ((code << 1) | (code >>> 7))) & 0xff);
            bins[code] = transitions <= 2 ? next++ : BINS - 1;
        }
        return bins;
    }
}
