package dev.likeness.cli.engine;

import dev.likeness.liveness.Point;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.quality.filters.HeadPose;
import dev.likeness.vision.BlazeFaceDetector;
import dev.likeness.vision.DetectedFace;
import dev.likeness.vision.EyeLandmarker;
import dev.likeness.vision.FaceAligner;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FaceGreySample;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FaceMeshLandmarker;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.MatScope;
import dev.likeness.vision.RuntimeComparison;
import dev.likeness.vision.UndecodableImageException;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * {@code ./likeness benchmark-engine}: CPU per frame of each stage of the face engine, on one
 * OpenCV thread, for a 640x480 webcam-shaped JPEG made from a bundled photo. The quality path is
 * what quality-service does per frame after decoding (detect, landmarks, the brightness filter,
 * and the eye model, which runs on frames no other filter refuses);
 * the descriptor path is what auth-service does per accepted frame after decoding (align, describe).
 * Then each model's forward pass on both runtimes the engine could use, in the same run, which is
 * how the engine's choice of runtime per model was made. Prints medians of several rounds; a
 * benchmark, not a test: nothing is asserted.
 */
public final class EngineBenchmark {

    /** Frames of a session whose decision the liveness stage counts: an authentication under a challenge is 25-35. */
    static final int LIVENESS_SESSION_FRAMES = 32;

    private final PrintStream out;

    public EngineBenchmark(PrintStream out) {
        this.out = out;
    }

    public int run(Path photo, int frames, int rounds) throws UndecodableImageException {
        BlazeFaceDetector detector = new BlazeFaceDetector();
        FaceMeshLandmarker landmarker = new FaceMeshLandmarker();
        EyeLandmarker eyes = new EyeLandmarker();
        FaceDescriber describer = new FaceDescriber();
        Core.setNumThreads(1);
        byte[] jpeg = webcamFrame(photo);
        out.printf("640x480 JPEG of %s (%d bytes), %d frames a round, %d rounds, 1 OpenCV thread%n", photo, jpeg.length, frames, rounds);
        double[][] perRound = new double[rounds][];
        for (int r = 0; r < rounds; r++) {
            double decode = 0, detect = 0, mesh = 0, filters = 0, eyeModel = 0, describe = 0, liveness = 0;
            SessionLiveness session = new SessionLiveness();
            for (int i = 0; i < frames; i++) {
                long t0 = System.nanoTime();
                try (FrameImage frame = FrameImage.decode(jpeg)) {
                    long t1 = System.nanoTime();
                    List<DetectedFace> faces = detector.detect(frame);
                    long t2 = System.nanoTime();
                    FaceLandmarks landmarks = landmarker.landmarks(frame, faces.get(0)).orElseThrow();
                    long t3 = System.nanoTime();
                    Core.mean(frame.grey());
                    long t4 = System.nanoTime();
                    eyes.apertures(frame, landmarks).orElseThrow();
                    long t5 = System.nanoTime();
                    try (MatScope scope = new MatScope()) {
                        describer.describe(scope.hold(FaceAligner.chip(frame, FaceAligner.alignmentPoints(landmarks)).orElseThrow()));
                    }
                    long t6 = System.nanoTime();
                    session = livenessOf(session, frame, faces.get(0), landmarks, i);
                    long t7 = System.nanoTime();
                    liveness += t7 - t6;
                    decode += t1 - t0;
                    detect += t2 - t1;
                    mesh += t3 - t2;
                    filters += t4 - t3;
                    eyeModel += t5 - t4;
                    describe += t6 - t5;
                }
            }
            perRound[r] = new double[]{decode, detect, mesh, filters, eyeModel, describe, liveness};
            for (int k = 0; k < perRound[r].length; k++) {
                perRound[r][k] /= frames * 1e6;
            }
        }
        String[] names = {"decode JPEG", "detect (BlazeFace)", "landmarks (FaceMesh)", "filters (brightness)", "eyes (Iris, both)",
                "align + describe (ResNet)", "liveness (measures, checks)"};
        double[] median = new double[names.length];
        for (int k = 0; k < names.length; k++) {
            final int stage = k;
            double[] values = Arrays.stream(perRound).mapToDouble(round -> round[stage]).sorted().toArray();
            median[k] = values[values.length / 2];
            out.printf(Locale.ROOT, "  %-26s %7.2f ms/frame (rounds: %s)%n", names[k], median[k], Arrays.toString(
                    Arrays.stream(perRound).mapToDouble(round -> Math.round(round[stage] * 100) / 100.0).toArray()));
        }
        out.printf(Locale.ROOT, "  quality path after decode   %7.2f ms/frame (detect + landmarks + filters + eyes)%n",
                median[1] + median[2] + median[3] + median[4]);
        out.printf(Locale.ROOT, "  descriptor path after decode %6.2f ms/face%n", median[5]);
        out.printf(Locale.ROOT, "  liveness adds               %7.2f ms/frame (pose, grey sample, frozen-feed check each frame; the 3D "
                + "check of a %d-frame session's decision spread over its frames)%n", median[6], LIVENESS_SESSION_FRAMES);
        out.printf("forward pass only, same input, %d passes a round, %d rounds, one thread each (the engine runs all four on ONNX "
                + "Runtime: face-vision README)%n",
                frames, rounds);
        for (RuntimeComparison.Row row : RuntimeComparison.measure(frames, rounds)) {
            out.printf(Locale.ROOT, "  %-17s %3dx%-3d  OpenCV DNN %6.2f ms  ONNX Runtime %6.2f ms  (OpenCV / ONNX Runtime %.2f)%n",
                    row.model(),
                    row.side(), row.side(), row.openCvMillis(), row.onnxRuntimeMillis(), row.openCvMillis() / row.onnxRuntimeMillis());
        }
        return 0;
    }

    /** The photo scaled into the middle of a grey 640x480 frame, as a webcam would frame a user, encoded as JPEG. */
    private static byte[] webcamFrame(Path photo) {
        try (MatScope scope = new MatScope()) {
            Mat image = scope.hold(Imgcodecs.imread(photo.toString()));
            if (image.empty()) {
                throw new IllegalArgumentException(photo + " is not a readable image");
            }
            Mat canvas = scope.hold(new Mat(480, 640, CvType.CV_8UC3, new Scalar(120, 120, 120)));
            Mat scaled = scope.newMat();
            int side = 400;
            Imgproc.resize(image, scaled, new Size(side, side * image.rows() / (double) image.cols()), 0, 0, Imgproc.INTER_AREA);
            Rect target = new Rect(120, 40, side, Math.min(scaled.rows(), 440));
            scope.hold(scaled.submat(new Rect(0, 0, target.width, target.height))).copyTo(scope.hold(canvas.submat(target)));
            MatOfByte encoded = scope.hold(new MatOfByte());
            Imgcodecs.imencode(".jpg", canvas, encoded);
            return encoded.toArray();
        }
    }

    /**
     * What liveness costs a frame: quality-service's measures (the pose, the face's grey sample, the
     * mesh as points) and auth-service's checks (the frozen-feed window each frame; the whole
     * evidence, 3D structure included, once a session, here every {@link #LIVENESS_SESSION_FRAMES}).
     */
    private static SessionLiveness livenessOf(SessionLiveness session, FrameImage frame, DetectedFace face, FaceLandmarks landmarks,
                                              int index) {
        HeadPose.of(landmarks);
        List<Point> points = new ArrayList<>(FaceLandmarks.COUNT);
        for (int p = 0; p < FaceLandmarks.COUNT; p++) {
            points.add(new Point(landmarks.x()[p], landmarks.y()[p]));
        }
        session.add(new SessionLiveness.Observation(index * 125L, points, landmarks.interOcular(), FaceGreySample.of(frame, face.box()),
                OptionalDouble.empty()));
        session.frozen();
        if ((index + 1) % LIVENESS_SESSION_FRAMES == 0) {
            session.evidence();
            return new SessionLiveness();
        }
        return session;
    }
}
