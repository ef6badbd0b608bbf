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

/**
 * Finds frontal faces with OpenCV's Haar cascade (bundled; Intel licence in the file's header).
 * Detection runs on a copy scaled down to {@link #DETECTION_SIDE} pixels on its longer side: the
 * cheap lever that takes a 640x480 frame from ~75 ms to ~10 ms on one core.
 * A CascadeClassifier is not thread-safe, so each thread gets its own.
 */
public final class FaceDetector {

    static final int DETECTION_SIDE = 320;
    // Overlapping detections a face needs; 8 rather than OpenCV's 3 because one person close to a
    // camera gives many overlaps, while clutter gives few (measured on the test portraits: up to 6
    // still finds a second "face" on the NASA astronaut's suit, 8 finds only her face).
    static final int MIN_NEIGHBOURS = 8;
    private static final String CASCADE = "haarcascade_frontalface_default.xml";

    private final Path cascadeFile;
    private final ThreadLocal<CascadeClassifier> classifiers;

    private FaceDetector(Path cascadeFile) {
        this.cascadeFile = cascadeFile;
        this.classifiers = ThreadLocal.withInitial(this::newClassifier);
    }

    /** A detector on the cascade bundled in this jar (OpenCV needs it as a file). */
    public static FaceDetector withBundledCascade() {
        OpenCvRuntime.load();
        try (InputStream in = FaceDetector.class.getResourceAsStream(CASCADE)) {
            if (in == null) {
                throw new IllegalStateException(CASCADE + " is missing from the classpath");
            }
            Path file = Files.createTempFile("likeness-face-cascade", ".xml");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return new FaceDetector(file);
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
        Mat small = new Mat();
        MatOfRect found = new MatOfRect();
        try {
            Imgproc.resize(grey, small, new Size(Math.round(grey.cols() * scale), Math.round(grey.rows() * scale)),
                    0, 0, Imgproc.INTER_AREA);
            Imgproc.equalizeHist(small, small);
            // Minimum 24 px at detection scale: the cascade's own window size.
            classifiers.get().detectMultiScale(small, found, 1.1, MIN_NEIGHBOURS, 0, new Size(24, 24), new Size());
            List<FaceBox> faces = new ArrayList<>();
            for (Rect r : found.toArray()) {
                faces.add(new FaceBox((int) Math.round(r.x / scale), (int) Math.round(r.y / scale),
                        (int) Math.round(r.width / scale), (int) Math.round(r.height / scale)));
            }
            faces.sort((a, b) -> Integer.compare(b.area(), a.area()));
            return faces;
        } finally {
            small.release();
            found.release();
        }
    }
}
