package dev.likeness.vision;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

import java.util.ArrayList;
import java.util.List;

/**
 * One ONNX model of the face-models jar (the build's conversion of the npm-shipped weights) on
 * OpenCV's DNN module, warmed at construction. Not thread-safe, as a Net is not.
 *
 * <p>Not on a service's path: only {@link RuntimeComparison} and the parity test run OpenCV's DNN
 * module, single-threaded. OpenCV's Java {@code Net.forward(List, List)} releases its own
 * temporary Mat as that Mat's last use, which its finalizer can race (see {@link MatScope}); we
 * cannot hold a Mat we never see, so the engine runs every model on {@link OnnxRuntimeModel}.
 */
final class OpenCvNetwork {

    private final Net net;
    private final List<String> outputs;

    /** {@code model}, warmed on a grey {@code side} x {@code side} blob made with {@code scale} and {@code mean}. */
    OpenCvNetwork(String model, int side, double scale, double mean) {
        OpenCvRuntime.load();
        try (MatScope scope = new MatScope()) {
            this.net = Dnn.readNetFromONNX(scope.hold(new MatOfByte(ModelFiles.read(model))));
            this.outputs = List.copyOf(net.getUnconnectedOutLayersNames());
            Mat grey = scope.hold(new Mat(side, side, CvType.CV_8UC3, Scalar.all(127)));
            // The first forward pass allocates the network's buffers: pay that before measuring.
            scope.holdAll(forward(scope.hold(ImageSampling.blob(grey, scale, mean))));
        }
    }

    /** The outputs of one forward pass on {@code blob} (NCHW float), in {@link #outputNames()} order; the caller holds them. */
    List<Mat> forward(Mat blob) {
        net.setInput(blob);
        List<Mat> results = new ArrayList<>();
        net.forward(results, outputs);
        return results;
    }

    List<String> outputNames() {
        return outputs;
    }
}
