package dev.likeness.vision;

import org.opencv.core.Mat;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Finds frontal faces with OpenCV's Haar cascade (bundled; Intel licence in the file's header).
 * Detection runs on a copy scaled down to {@link #DETECTION_SIDE} pixels on its longer side, the
 * cheap lever. The parameters were chosen by a sweep (side 240-480, scale 1.1-1.2, neighbours
 * 4-8) over the test photos and scenes made from them: these find exactly one face in each
 * portrait, both of two people side by side, a face at ~15% of a 640x480 frame, and none on the
 * coffee cup, at ~20 ms a frame on one core. Smaller sides were faster (12-13 ms) but lost the
 * distant face or the second person; scale 1.1 doubled the time.
 * A CascadeClassifier is not thread-safe, and loading one parses ~1 MB of XML, so a fixed pool of
 * them is loaded and warmed at start-up; a detection borrows one. Threads beyond the pool wait
 * rather than load more: the CPU is the limit anyway.
 */
public final class FaceDetector {

    static final int DETECTION_SIDE = 400;
    static final double SCALE_FACTOR = 1.2;
    // Overlapping detections a face needs; more than OpenCV's 3 because one person close to a
    // camera gives many overlaps, while clutter gives few.
    static final int MIN_NEIGHBOURS = 5;
    /** The cascade's own window (24x24 px): nothing smaller is a face to it. */
    static final int CASCADE_WINDOW = 24;
    /** Faces smaller than this fraction of the frame's shorter side are not looked for. */
    static final double MIN_FACE_FRACTION = 0.08;
    private static final String CASCADE = "haarcascade_frontalface_default.xml";

    private final Path cascadeFile;
    private final BlockingQueue<CascadeClassifier> classifiers;

    private FaceDetector(Path cascadeFile, int poolSize) {
        this.cascadeFile = cascadeFile;
        this.classifiers = new ArrayBlockingQueue<>(poolSize);
        Mat blank = Mat.zeros(DETECTION_SIDE, DETECTION_SIDE, org.opencv.core.CvType.CV_8UC1);
        for (int i = 0; i < poolSize; i++) {
            CascadeClassifier classifier = newClassifier();
            // The first detection allocates the classifier's internal buffers: pay that now, not on a user's frame.
            classifier.detectMultiScale(blank, new MatOfRect());
            classifiers.add(classifier);
        }
        blank.release();
    }

    /** A detector on the cascade bundled in this jar, one classifier per core. */
    public static FaceDetector withBundledCascade() {
        return withBundledCascade(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** A detector on the cascade bundled in this jar (OpenCV needs it as a file), with {@code poolSize} classifiers. */
    public static FaceDetector withBundledCascade(int poolSize) {
        OpenCvRuntime.load();
        try (InputStream in = FaceDetector.class.getResourceAsStream(CASCADE)) {
            if (in == null) {
                throw new IllegalStateException(CASCADE + " is missing from the classpath");
            }
            Path file = Files.createTempFile("likeness-face-cascade", ".xml");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return new FaceDetector(file, poolSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CascadeClassifier newClassifier() {
        CascadeClassifier classifier = new CascadeClassifier(cascadeFile.toString());
        if (classifier.empty()) {
            throw new IllegalStateException("face cascade did not load");
        }
        return classifier;
    }

    /** The faces in the frame, largest first, in full-frame pixel coordinates. */
    public List<FaceBox> detect(FrameImage frame) {
        Mat grey = frame.grey();
        double scale = Math.min(1.0, (double) DETECTION_SIDE / Math.max(grey.cols(), grey.rows()));
        if (Math.min(grey.cols(), grey.rows()) * scale < CASCADE_WINDOW) {
            // Too thin for the cascade's window at detection scale (e.g. a 4000x2 strip): no face can be there.
            return List.of();
        }
        Mat small = new Mat();
        MatOfRect found = new MatOfRect();
        CascadeClassifier classifier = borrow();
        try {
            Imgproc.resize(grey, small, new Size(Math.round(grey.cols() * scale), Math.round(grey.rows() * scale)),
                    0, 0, Imgproc.INTER_AREA);
            Imgproc.equalizeHist(small, small);
            int minimum = (int) Math.max(CASCADE_WINDOW, Math.min(small.cols(), small.rows()) * MIN_FACE_FRACTION);
            classifier.detectMultiScale(small, found, SCALE_FACTOR, MIN_NEIGHBOURS, 0, new Size(minimum, minimum), new Size());
            List<FaceBox> faces = new ArrayList<>();
            for (Rect r : found.toArray()) {
                faces.add(new FaceBox((int) Math.round(r.x / scale), (int) Math.round(r.y / scale),
                        (int) Math.round(r.width / scale), (int) Math.round(r.height / scale)));
            }
            faces.sort((a, b) -> Integer.compare(b.area(), a.area()));
            return faces;
        } finally {
            classifiers.add(classifier);
            small.release();
            found.release();
        }
    }

    private CascadeClassifier borrow() {
        try {
            return classifiers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a face classifier", e);
        }
    }
}
