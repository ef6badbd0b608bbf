package dev.likeness.models.convert;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a TensorFlow.js graph model (MediaPipe's BlazeFace, FaceMesh and Iris as shipped by
 * {@code @vladmandic/human}) into an ONNX graph. TensorFlow computes NHWC, ONNX and OpenCV NCHW:
 * 4-d values are kept NCHW throughout, weights are transposed once here, and a value leaves NCHW
 * only where its memory order matters (before a Reshape, and at a 4-d graph output). Only the
 * operators these models use are known; any other fails the build rather than converting wrongly.
 */
final class TfjsGraphConverter {

    /** A converted value: its ONNX name and shape (4-d shapes as NCHW). */
    private record Value(String name, int[] shape) {
        boolean image() {
            return shape.length == 4;
        }

        int channels() {
            return shape[1];
        }

        int height() {
            return shape[2];
        }

        int width() {
            return shape[3];
        }
    }

    private final Map<String, JsonNode> nodes = new HashMap<>();
    private final Map<String, TfjsTensor> weights;
    private final Map<String, Value> converted = new HashMap<>();
    private final OnnxGraph onnx;

    private TfjsGraphConverter(JsonNode model, Map<String, TfjsTensor> weights, String name) {
        for (JsonNode node : model.get("modelTopology").get("node")) {
            nodes.put(node.get("name").asText(), node);
        }
        this.weights = weights;
        this.onnx = new OnnxGraph(name);
    }

    /**
     * The ONNX graph of {@code model} (the parsed model.json) whose weights are {@code weights};
     * its input is {@code input} (NCHW float, batch 1) and its outputs carry the names of the tfjs
     * graph's Identity nodes, NHWC where 4-d.
     */
    static OnnxGraph convert(JsonNode model, Map<String, TfjsTensor> weights, String name) throws IOException {
        TfjsGraphConverter converter = new TfjsGraphConverter(model, weights, name);
        List<String> outputs = new ArrayList<>();
        for (JsonNode node : model.get("modelTopology").get("node")) {
            if (node.get("op").asText().equals("Identity")) {
                outputs.add(node.get("name").asText());
            }
        }
        outputs.sort(null);
        for (String output : outputs) {
            Value value = converter.value(output);
            int[] s = value.shape();
            if (value.image()) {
                converter.onnx.output(converter.onnx.transpose(value.name(), 0, 2, 3, 1), output, s[0], s[2], s[3], s[1]);
            } else {
                converter.onnx.output(value.name(), output, Arrays.stream(s).asLongStream().toArray());
            }
        }
        return converter.onnx;
    }

    private Value value(String reference) throws IOException {
        String name = reference.startsWith("^") ? reference.substring(1) : reference.replaceFirst(":0$", "");
        Value done = converted.get(name);
        if (done == null) {
            JsonNode node = nodes.get(name);
            if (node == null) {
                throw new IOException("the graph references a missing node " + name);
            }
            done = convertNode(node);
            converted.put(name, done);
        }
        return done;
    }

    private Value convertNode(JsonNode node) throws IOException {
        String op = node.get("op").asText();
        JsonNode inputs = node.get("input");
        return switch (op) {
            case "Placeholder" -> placeholder(node);
            case "Identity" -> value(inputs.get(0).asText());
            case "_FusedConv2D" -> fusedConv(node);
            case "DepthwiseConv2dNative" -> depthwiseConv(node);
            case "AddV2" -> {
                Value a = value(inputs.get(0).asText());
                yield new Value(onnx.add(a.name(), value(inputs.get(1).asText()).name()), a.shape());
            }
            case "Relu" -> {
                Value x = value(inputs.get(0).asText());
                yield new Value(onnx.relu(x.name()), x.shape());
            }
            case "Sigmoid" -> {
                Value x = value(inputs.get(0).asText());
                yield new Value(onnx.sigmoid(x.name()), x.shape());
            }
            case "Prelu" -> {
                Value x = value(inputs.get(0).asText());
                yield new Value(onnx.prelu(x.name(), slope(constant(inputs.get(1).asText()))), x.shape());
            }
            case "MaxPool" -> maxPool(node);
            case "Pad" -> pad(node);
            case "Reshape" -> reshape(node);
            case "ConcatV2" -> concat(node);
            default -> throw new IOException("operator " + op + " (node " + node.get("name").asText() + ") is not supported");
        };
    }

    private Value placeholder(JsonNode node) {
        JsonNode dims = node.get("attr").get("shape").get("shape").get("dim");
        int height = dims.get(1).get("size").asInt();
        int width = dims.get(2).get("size").asInt();
        int channels = dims.get(3).get("size").asInt();
        return new Value(onnx.input("input", 1, channels, height, width), new int[]{1, channels, height, width});
    }

    private Value fusedConv(JsonNode node) throws IOException {
        JsonNode inputs = node.get("input");
        Value x = value(inputs.get(0).asText());
        TfjsTensor filter = constant(inputs.get(1).asText());   // H, W, in, out
        int kh = filter.shape()[0];
        int kw = filter.shape()[1];
        int in = filter.shape()[2];
        int out = filter.shape()[3];
        float[] oihw = WeightLayouts.hwioToOihw(filter);
        List<String> fused = strings(node, "fused_ops");
        if (fused.isEmpty() || !fused.get(0).equals("BiasAdd")) {
            throw new IOException(node.get("name").asText() + ": fused ops " + fused + " are not supported");
        }
        String bias = onnx.constant("bias", constant(inputs.get(2).asText()).requireFloats(), out);
        Value conv = convolution(node, x, onnx.constant("weights", oihw, out, in, kh, kw), bias, kh, kw, out, 1);
        if (fused.size() == 1) {
            return conv;
        }
        return switch (fused.get(1)) {
            case "Relu" -> new Value(onnx.relu(conv.name()), conv.shape());
            case "Prelu" -> new Value(onnx.prelu(conv.name(), slope(constant(inputs.get(3).asText()))), conv.shape());
            default -> throw new IOException(node.get("name").asText() + ": fused activation " + fused.get(1) + " is not supported");
        };
    }

    private Value depthwiseConv(JsonNode node) throws IOException {
        JsonNode inputs = node.get("input");
        Value x = value(inputs.get(0).asText());
        TfjsTensor filter = constant(inputs.get(1).asText());   // H, W, channels, multiplier
        int kh = filter.shape()[0];
        int kw = filter.shape()[1];
        int channels = filter.shape()[2];
        int multiplier = filter.shape()[3];
        float[] weights = WeightLayouts.depthwiseToGrouped(filter);
        int out = channels * multiplier;
        return convolution(node, x, onnx.constant("depthwise", weights, out, 1, kh, kw), null, kh, kw, out, channels);
    }

    private Value convolution(JsonNode node, Value x, String weights, String bias, int kh, int kw, int outChannels, int groups)
            throws IOException {
        int stride = stride(node);
        boolean same = string(node, "padding").equals("SAME");
        int[] pads = pads(same, x.height(), x.width(), kh, kw, stride);
        int height = (x.height() + pads[0] + pads[2] - kh) / stride + 1;
        int width = (x.width() + pads[1] + pads[3] - kw) / stride + 1;
        return new Value(onnx.conv(x.name(), weights, bias, kh, kw, stride, pads, groups), new int[]{1, outChannels, height, width});
    }

    private Value maxPool(JsonNode node) throws IOException {
        Value x = value(node.get("input").get(0).asText());
        int kernel = Integer.parseInt(strings(node, "ksize").get(1));
        int stride = stride(node);
        int[] pads = pads(string(node, "padding").equals("SAME"), x.height(), x.width(), kernel, kernel, stride);
        int height = (x.height() + pads[0] + pads[2] - kernel) / stride + 1;
        int width = (x.width() + pads[1] + pads[3] - kernel) / stride + 1;
        return new Value(onnx.maxPool(x.name(), kernel, stride, pads), new int[]{1, x.channels(), height, width});
    }

    private Value pad(JsonNode node) throws IOException {
        Value x = value(node.get("input").get(0).asText());
        int[] nhwc = constant(node.get("input").get(1).asText()).requireInts();   // [[n0,n1],[h0,h1],[w0,w1],[c0,c1]]
        long[] pads = {nhwc[0], nhwc[6], nhwc[2], nhwc[4], nhwc[1], nhwc[7], nhwc[3], nhwc[5]};
        return new Value(onnx.pad(x.name(), pads), new int[]{1, x.channels() + nhwc[6] + nhwc[7],
                x.height() + nhwc[2] + nhwc[3], x.width() + nhwc[4] + nhwc[5]});
    }

    private Value reshape(JsonNode node) throws IOException {
        Value x = value(node.get("input").get(0).asText());
        int[] shape = constant(node.get("input").get(1).asText()).requireInts();
        // A reshape reads memory in TensorFlow's order, so the value goes back to NHWC first.
        String source = x.image() ? onnx.transpose(x.name(), 0, 2, 3, 1) : x.name();
        long[] target = new long[shape.length];
        int known = 1;
        for (int i = 0; i < shape.length; i++) {
            target[i] = shape[i];
            known *= shape[i] == -1 ? 1 : shape[i];
        }
        int total = 1;
        for (int d : x.shape()) {
            total *= d;
        }
        int[] resolved = shape.clone();
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i] == -1) {
                resolved[i] = total / known;
            }
        }
        return new Value(onnx.reshape(source, target), resolved);
    }

    private Value concat(JsonNode node) throws IOException {
        JsonNode inputs = node.get("input");
        int last = inputs.size() - 1;
        int axis = constant(inputs.get(last).asText()).requireInts()[0];
        List<Value> parts = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            parts.add(value(inputs.get(i).asText()));
        }
        Value first = parts.get(0);
        int rank = first.shape().length;
        int tensorflowAxis = axis < 0 ? axis + rank : axis;
        // NHWC axis -> NCHW axis for images; other ranks keep theirs.
        int onnxAxis = first.image() ? new int[]{0, 2, 3, 1}[tensorflowAxis] : tensorflowAxis;
        int[] shape = first.shape().clone();
        shape[onnxAxis] = parts.stream().mapToInt(v -> v.shape()[onnxAxis]).sum();
        return new Value(onnx.concat(onnxAxis, parts.stream().map(Value::name).toArray(String[]::new)), shape);
    }

    /** TensorFlow's SAME and VALID paddings as ONNX's explicit {top, left, bottom, right}. */
    static int[] pads(boolean same, int height, int width, int kh, int kw, int stride) {
        if (!same) {
            return new int[4];
        }
        int padH = Math.max((ceilDiv(height, stride) - 1) * stride + kh - height, 0);
        int padW = Math.max((ceilDiv(width, stride) - 1) * stride + kw - width, 0);
        return new int[]{padH / 2, padW / 2, padH - padH / 2, padW - padW / 2};
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private String slope(TfjsTensor alpha) {
        float[] values = alpha.requireFloats();
        return onnx.constant("slope", values, values.length, 1, 1);
    }

    private TfjsTensor constant(String reference) throws IOException {
        String name = reference.replaceFirst(":0$", "");
        TfjsTensor tensor = weights.get(name);
        if (tensor == null) {
            throw new IOException("no weights for constant " + name);
        }
        return tensor;
    }

    private static int stride(JsonNode node) throws IOException {
        List<String> strides = strings(node, "strides");
        if (!strides.get(1).equals(strides.get(2))) {
            throw new IOException(node.get("name").asText() + ": unequal strides are not supported");
        }
        if (node.get("attr").has("dilations") && !strings(node, "dilations").stream().allMatch("1"::equals)) {
            throw new IOException(node.get("name").asText() + ": dilation is not supported");
        }
        return Integer.parseInt(strides.get(1));
    }

    private static String string(JsonNode node, String attribute) {
        return new String(Base64.getDecoder().decode(node.get("attr").get(attribute).get("s").asText()));
    }

    private static List<String> strings(JsonNode node, String attribute) {
        JsonNode list = node.get("attr").path(attribute).path("list");
        List<String> values = new ArrayList<>();
        if (list.has("s")) {
            list.get("s").forEach(s -> values.add(new String(Base64.getDecoder().decode(s.asText()))));
        } else if (list.has("i")) {
            list.get("i").forEach(i -> values.add(i.asText()));
        }
        return values;
    }
}
