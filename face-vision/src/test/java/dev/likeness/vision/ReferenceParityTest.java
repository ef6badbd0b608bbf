package dev.likeness.vision;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java engine against the JavaScript reference implementations, on the same pixels:
 * BlazeFace's boxes (IoU >= 0.95) and FaceMesh's landmarks (within 1.5 px) against
 * {@code @vladmandic/human} 3.3.6, and the descriptor (L2 <= 0.01 on the same chip) against
 * {@code @vladmandic/face-api} 1.7.15.
 */
class ReferenceParityTest {

    static BlazeFaceDetector detector;
    static FaceMeshLandmarker landmarker;
    static FaceDescriber describer;

    @BeforeAll
    static void loadModels() {
        detector = new BlazeFaceDetector();
        landmarker = new FaceMeshLandmarker();
        describer = new FaceDescriber();
    }

    /** Webcam-shaped 640x480 frames (where the pixel tolerance is stated), and the photos as they are. */
    static Map<String, Supplier<FrameImage>> frames() {
        return Map.of(
                "grace-hopper 640x480", () -> TestImages.webcamFrame("grace-hopper/frame-01.jpg", 360, 140, 60),
                "grace-hopper second photo 640x480", () -> TestImages.webcamFrame("grace-hopper-second-photo/frame-01.jpg", 300, 170, 20),
                "eileen-collins 640x480", () -> TestImages.webcamFrame("eileen-collins/frame-01.jpg", 480, 80, 0),
                "eileen-collins off-centre 640x480", () -> TestImages.webcamFrame("eileen-collins/frame-01.jpg", 420, 0, 40));
    }

    @Test
    void detectorBoxesAndMeshLandmarksMatchHuman(@TempDir Path folder) throws Exception {
        JavaScriptReference reference = new JavaScriptReference(folder);
        List<String> names = new ArrayList<>();
        List<int[]> jobs = new ArrayList<>();
        List<DetectedFace> javaFaces = new ArrayList<>();
        List<FaceLandmarks> javaMeshes = new ArrayList<>();
        for (var entry : frames().entrySet()) {
            try (FrameImage frame = entry.getValue().get()) {
                List<DetectedFace> faces = detector.detect(frame);
                assertThat(faces).as(entry.getKey()).hasSize(1);
                javaFaces.add(faces.get(0));
                javaMeshes.add(landmarker.landmarks(frame, faces.get(0)).orElseThrow());
                names.add(entry.getKey());
                jobs.add(new int[]{reference.human(frame.colour(), false), reference.human(frame.colour(), true)});
            }
        }
        JsonNode results = reference.run();
        for (int i = 0; i < names.size(); i++) {
            JsonNode detected = results.get(jobs.get(i)[0]);
            JsonNode meshed = results.get(jobs.get(i)[1]);
            assertThat(detected.size()).as(names.get(i) + ": faces found by human").isEqualTo(1);
            FaceBox humanBox = box(detected.get(0).get("box"));
            FaceBox javaBox = clamped(FaceMeshLandmarker.cropBox(javaFaces.get(i).box()), 640, 480);
            System.out.printf("parity %s: box IoU %.4f%n", names.get(i), javaBox.iou(humanBox));
            assertThat(javaBox.iou(humanBox)).as(names.get(i) + ": box IoU with human's").isGreaterThanOrEqualTo(0.95);

            JsonNode humanMesh = meshed.get(0).get("mesh");
            FaceLandmarks mesh = javaMeshes.get(i);
            double worst = 0;
            for (int p = 0; p < FaceLandmarks.COUNT; p++) {
                // human truncates its landmarks to whole pixels; compare like with like.
                worst = Math.max(worst, Math.max(Math.abs(Math.floor(mesh.x()[p]) - humanMesh.get(p).get(0).asDouble()),
                        Math.abs(Math.floor(mesh.y()[p]) - humanMesh.get(p).get(1).asDouble())));
            }
            System.out.printf("parity %s: largest landmark offset %.1f px%n", names.get(i), worst);
            assertThat(worst).as(names.get(i) + ": largest landmark offset from human's, px").isLessThanOrEqualTo(1.5);
        }
    }

    @Test
    void descriptorsMatchFaceApiOnTheSameChip(@TempDir Path folder) throws Exception {
        JavaScriptReference reference = new JavaScriptReference(folder);
        List<float[]> javaDescriptors = new ArrayList<>();
        List<Integer> jobs = new ArrayList<>();
        for (var entry : frames().entrySet()) {
            try (FrameImage frame = entry.getValue().get()) {
                DetectedFace face = detector.detect(frame).get(0);
                FaceLandmarks mesh = landmarker.landmarks(frame, face).orElseThrow();
                Mat chip = FaceAligner.chip(frame, FaceAligner.alignmentPoints(mesh)).orElseThrow();
                javaDescriptors.add(describer.describe(chip));
                jobs.add(reference.descriptor(chip));
                chip.release();
            }
        }
        JsonNode results = reference.run();
        for (int i = 0; i < jobs.size(); i++) {
            JsonNode expected = results.get(jobs.get(i));
            float[] js = new float[FaceDescriber.DESCRIPTOR_LENGTH];
            for (int k = 0; k < js.length; k++) {
                js[k] = (float) expected.get(k).asDouble();
            }
            System.out.printf("parity: descriptor L2 distance to face-api's %.5f%n", FaceDescriber.distance(javaDescriptors.get(i), js));
            assertThat(FaceDescriber.distance(javaDescriptors.get(i), js)).isLessThanOrEqualTo(0.01);
        }
    }

    private static FaceBox box(JsonNode xywh) {
        return new FaceBox(xywh.get(0).asDouble(), xywh.get(1).asDouble(), xywh.get(2).asDouble(), xywh.get(3).asDouble());
    }

    /** human's clamped box: corners inside the frame, truncated to whole pixels. */
    private static FaceBox clamped(FaceBox box, int width, int height) {
        double x = Math.max(0, box.x()), y = Math.max(0, box.y());
        return new FaceBox(Math.floor(x), Math.floor(y), Math.floor(Math.min(width, box.x() + box.width()) - x),
                Math.floor(Math.min(height, box.y() + box.height()) - y));
    }
}
