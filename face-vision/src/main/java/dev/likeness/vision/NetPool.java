package dev.likeness.vision;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed pool of one ONNX model's OpenCV networks, loaded from the face-models jar (the build's
 * conversion of the npm-shipped weights) and warmed at construction. A Net is not thread-safe, so a
 * forward pass borrows one; callers beyond the pool wait, the CPU being the limit anyway.
 *
 * <p>Not on a service's path: only {@link RuntimeComparison} and the parity test run OpenCV's DNN
 * module, single-threaded. OpenCV's Java {@code Net.forward(List, List)} releases its own
 * temporary Mat as that Mat's last use, which its finalizer can race (see {@link MatScope}); we
 * cannot hold a Mat we never see, so the engine runs every model on {@link OnnxRuntimeModel}.
 */
final class NetPool {

    private final String model;
    private final BlockingQueue<Net> nets;
    private final List<String> outputs;

    /** {@code size} networks of {@code model}, each warmed on a grey {@code side} x {@code side} blob. */
    NetPool(String model, int size, int side, double scale, double mean) {
        OpenCvRuntime.load();
        this.model = model;
        byte[] onnx = ModelFiles.read(model);
        this.nets = new ArrayBlockingQueue<>(size);
        List<String> names = null;
        try (MatScope scope = new MatScope()) {
            Mat grey = scope.hold(new Mat(side, side, org.opencv.core.CvType.CV_8UC3, org.opencv.core.Scalar.all(127)));
            Mat warmUpInput = scope.hold(ImageSampling.blob(grey, scale, mean));
            for (int i = 0; i < size; i++) {
                Net net = Dnn.readNetFromONNX(scope.hold(new MatOfByte(onnx)));
                names = net.getUnconnectedOutLayersNames();
                // The first forward pass allocates the network's buffers: pay that before measuring.
                scope.holdAll(forward(net, warmUpInput, names));
                nets.add(net);
            }
        }
        this.outputs = List.copyOf(names);
    }

    /** The outputs of one forward pass on {@code blob} (NCHW float), in {@link #outputNames()} order; the caller holds them. */
    List<Mat> forward(Mat blob) {
        Net net;
        try {
            net = nets.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + model + " network", e);
        }
        try {
            return forward(net, blob, outputs);
        } finally {
            nets.add(net);
        }
    }

    List<String> outputNames() {
        return outputs;
    }

    private static List<Mat> forward(Net net, Mat blob, List<String> names) {
        net.setInput(blob);
        List<Mat> results = new ArrayList<>();
        net.forward(results, names);
        return results;
    }
}
