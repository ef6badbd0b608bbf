package dev.likeness.vision;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Each model's forward pass on OpenCV's DNN module and on ONNX Runtime, in the same run on the same
 * input, one thread each: the measurement behind which runtime runs which model (see
 * face-vision's README), for {@code ./likeness benchmark-engine} to repeat on any machine.
 * Rounds alternate between the runtimes so a busy neighbour slows both alike.
 */
public final class RuntimeComparison {

    /** One model's medians, in milliseconds a pass. */
    public record Row(String model, int side, double openCvMillis, double onnxRuntimeMillis) {
    }

    private record Model(String name, int side) {
    }

    private static final List<Model> MODELS = List.of(new Model("blazeface", BlazeFaceDetector.INPUT_SIDE),
            new Model("facemesh", FaceMeshLandmarker.INPUT_SIDE), new Model("iris", EyeLandmarker.INPUT_SIDE),
            new Model("face-recognition", FaceAligner.CHIP_SIDE));

    private RuntimeComparison() {
    }

    public static List<Row> measure(int passes, int rounds) {
        List<Row> rows = new ArrayList<>();
        for (Model each : MODELS) {
            String model = each.name();
            int side = each.side();
            OpenCvNetwork openCv = new OpenCvNetwork(model, side, 1 / 255.0, 0);
            OnnxRuntimeModel onnxRuntime = new OnnxRuntimeModel(model, side);
            double[] openCvRounds = new double[rounds], onnxRuntimeRounds = new double[rounds];
            try (MatScope scope = new MatScope()) {
                Mat blob = scope.hold(new Mat(new int[]{1, 3, side, side}, CvType.CV_32F));
                Core.randu(blob, 0, 1);
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < passes; i++) {
                        try (MatScope outputs = new MatScope()) {
                            outputs.holdAll(openCv.forward(blob));
                        }
                    }
                    long t1 = System.nanoTime();
                    for (int i = 0; i < passes; i++) {
                        onnxRuntime.outputs(blob);
                    }
                    long t2 = System.nanoTime();
                    openCvRounds[r] = (t1 - t0) / 1e6 / passes;
                    onnxRuntimeRounds[r] = (t2 - t1) / 1e6 / passes;
                }
            }
            rows.add(new Row(model, side, median(openCvRounds), median(onnxRuntimeRounds)));
        }
        return rows;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
