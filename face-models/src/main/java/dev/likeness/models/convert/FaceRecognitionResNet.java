package dev.likeness.models.convert;

import java.io.IOException;
import java.util.Map;

/**
 * Builds dlib's face-recognition ResNet as an ONNX graph from the weights {@code @vladmandic/face-api}
 * ships (a tfjs weights manifest: the architecture lives in code, face-api's FaceRecognitionNet,
 * which this follows). Input: a 150x150 RGB chip, values 0-255, NCHW; output: the 128-d descriptor.
 * Each conv layer's bias and per-channel scale are folded into its weights at conversion, which is
 * exact up to float rounding.
 */
final class FaceRecognitionResNet {

    static final int CHIP_SIDE = 150;
    /** face-api subtracts this mean (R, G, B) and divides by 256 before the first convolution. */
    private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    private final Map<String, TfjsTensor> weights;
    private final OnnxGraph onnx = new OnnxGraph("dlib_face_recognition_resnet");
    private int height;
    private int width;
    private int channels;

    private FaceRecognitionResNet(Map<String, TfjsTensor> weights) {
        this.weights = weights;
    }

    static OnnxGraph build(Map<String, TfjsTensor> weights) throws IOException {
        return new FaceRecognitionResNet(weights).network();
    }

    private OnnxGraph network() throws IOException {
        height = CHIP_SIDE;
        width = CHIP_SIDE;
        channels = 3;
        String x = onnx.input("chip", 1, 3, CHIP_SIDE, CHIP_SIDE);
        x = onnx.sub(x, onnx.constant("mean", MEAN_RGB, 3, 1, 1));
        x = onnx.mul(x, onnx.constant("scale", new float[]{1f / 256}, 1));
        x = convLayer(x, "conv32_down", 2, true);
        x = onnx.maxPool(x, 3, 2, new int[4]);
        height = (height - 3) / 2 + 1;
        width = (width - 3) / 2 + 1;
        x = residual(x, "conv32_1");
        x = residual(x, "conv32_2");
        x = residual(x, "conv32_3");
        x = residualDown(x, "conv64_down");
        x = residual(x, "conv64_1");
        x = residual(x, "conv64_2");
        x = residual(x, "conv64_3");
        x = residualDown(x, "conv128_down");
        x = residual(x, "conv128_1");
        x = residual(x, "conv128_2");
        x = residualDown(x, "conv256_down");
        x = residual(x, "conv256_1");
        x = residual(x, "conv256_2");
        x = residualDown(x, "conv256_down_out");
        x = onnx.flatten(onnx.globalAveragePool(x));
        TfjsTensor fc = tensor("fc");
        x = onnx.matMul(x, onnx.constant("fc", fc.requireFloats(), fc.shape()[0], fc.shape()[1]));
        onnx.output(x, "descriptor", 1, fc.shape()[1]);
        return onnx;
    }

    private String residual(String x, String prefix) throws IOException {
        String out = convLayer(x, prefix + "/conv1", 1, true);
        out = convLayer(out, prefix + "/conv2", 1, false);
        return onnx.relu(onnx.add(out, x));
    }

    /**
     * The downsampling block: a strided conv path, and the input average-pooled as the shortcut,
     * zero-padded to the conv path's channels; where the valid strided conv came out a pixel
     * smaller than the pooled shortcut, face-api pads the conv path's bottom and right with zeros.
     */
    private String residualDown(String x, String prefix) throws IOException {
        int inHeight = height;
        int inWidth = width;
        int inChannels = channels;
        String out = convLayer(x, prefix + "/conv1", 2, true);
        out = convLayer(out, prefix + "/conv2", 1, false);
        int pooledHeight = inHeight / 2;
        int pooledWidth = inWidth / 2;
        if (height != pooledHeight || width != pooledWidth) {
            out = onnx.pad(out, new long[]{0, 0, 0, 0, 0, 0, pooledHeight - height, pooledWidth - width});
            height = pooledHeight;
            width = pooledWidth;
        }
        String pooled = onnx.averagePool(x, 2, 2);
        if (channels != inChannels) {
            pooled = onnx.pad(pooled, new long[]{0, 0, 0, 0, 0, channels - inChannels, 0, 0});
        }
        return onnx.relu(onnx.add(pooled, out));
    }

    /** conv (3x3 'same' at stride 1, 'valid' at stride 2, 7x7 for the first) + bias, times scale plus offset, optional ReLU. */
    private String convLayer(String x, String prefix, int stride, boolean relu) throws IOException {
        TfjsTensor filters = tensor(prefix + "/conv/filters");   // H, W, in, out
        float[] bias = tensor(prefix + "/conv/bias").requireFloats();
        float[] scale = tensor(prefix + "/scale/weights").requireFloats();
        float[] offset = tensor(prefix + "/scale/biases").requireFloats();
        int k = filters.shape()[0];
        int in = filters.shape()[2];
        int out = filters.shape()[3];
        float[] oihw = WeightLayouts.hwioToOihw(filters);
        int perOutput = oihw.length / out;
        for (int i = 0; i < oihw.length; i++) {
            oihw[i] *= scale[i / perOutput];
        }
        float[] foldedBias = new float[out];
        for (int o = 0; o < out; o++) {
            foldedBias[o] = bias[o] * scale[o] + offset[o];
        }
        int[] pads = stride == 1 ? TfjsGraphConverter.pads(true, height, width, k, k, 1) : new int[4];
        String conv = onnx.conv(x, onnx.constant("weights", oihw, out, in, k, k), onnx.constant("bias", foldedBias, out),
                k, k, stride, pads, 1);
        height = (height + pads[0] + pads[2] - k) / stride + 1;
        width = (width + pads[1] + pads[3] - k) / stride + 1;
        channels = out;
        return relu ? onnx.relu(conv) : conv;
    }

    private TfjsTensor tensor(String name) throws IOException {
        TfjsTensor tensor = weights.get(name);
        if (tensor == null) {
            throw new IOException("face_recognition_model has no tensor " + name);
        }
        return tensor;
    }
}
