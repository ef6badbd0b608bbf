package dev.likeness.models.convert;

import com.google.protobuf.ByteString;
import dev.likeness.models.onnx.AttributeProto;
import dev.likeness.models.onnx.GraphProto;
import dev.likeness.models.onnx.ModelProto;
import dev.likeness.models.onnx.NodeProto;
import dev.likeness.models.onnx.OperatorSetIdProto;
import dev.likeness.models.onnx.StringStringEntryProto;
import dev.likeness.models.onnx.TensorProto;
import dev.likeness.models.onnx.TensorShapeProto;
import dev.likeness.models.onnx.TypeProto;
import dev.likeness.models.onnx.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Map;

/**
 * Builds an ONNX graph of standard operators (opset 11, which OpenCV's DNN importer reads fully),
 * with float32 tensors laid out NCHW. Each method adds one node and returns the name of its output,
 * so a network reads as a chain of calls.
 */
final class OnnxGraph {

    static final int OPSET = 11;
    private static final int IR_VERSION = 7;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** Declares a float input of the given shape. */
    String input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    /** Declares {@code value}, of the given shape, as an output of the graph, renamed to {@code name}. */
    void output(String value, String name, long... dims) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(name).addInput(value).addOutput(name));
        graph.addOutput(valueInfo(name, dims));
    }

    /** A float constant. */
    String constant(String hint, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return initializer(hint, TensorProto.DataType.FLOAT_VALUE, raw, dims);
    }

    /** An int64 constant (shapes, paddings). */
    String constant(String hint, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return initializer(hint, TensorProto.DataType.INT64_VALUE, raw, values.length);
    }

    private String initializer(String hint, int type, ByteBuffer raw, long... dims) {
        String name = unique(hint);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type).setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            tensor.addDims(d);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /** Conv with OIHW weights, optional bias (null), and explicit pads {top, left, bottom, right}. */
    String conv(String x, String weights, String bias, int kernelH, int kernelW, int stride, int[] pads, int groups) {
        NodeProto.Builder node = node("Conv", x, weights);
        if (bias != null) {
            node.addInput(bias);
        }
        node.addAttribute(ints("kernel_shape", kernelH, kernelW))
                .addAttribute(ints("strides", stride, stride))
                .addAttribute(ints("pads", pads[0], pads[1], pads[2], pads[3]))
                .addAttribute(ints("dilations", 1, 1))
                .addAttribute(integer("group", groups));
        return add(node);
    }

    String maxPool(String x, int kernel, int stride, int[] pads) {
        return add(node("MaxPool", x).addAttribute(ints("kernel_shape", kernel, kernel)).addAttribute(ints("strides", stride, stride))
                .addAttribute(ints("pads", pads[0], pads[1], pads[2], pads[3])));
    }

    String averagePool(String x, int kernel, int stride) {
        return add(node("AveragePool", x).addAttribute(ints("kernel_shape", kernel, kernel)).addAttribute(ints("strides", stride, stride)));
    }

    String globalAveragePool(String x) {
        return add(node("GlobalAveragePool", x));
    }

    /** Zero padding; {@code pads} lists every axis's start, then every axis's end (the ONNX order). */
    String pad(String x, long[] pads) {
        return add(node("Pad", x, constant("pads", pads)));
    }

    String relu(String x) {
        return add(node("Relu", x));
    }

    String prelu(String x, String slope) {
        return add(node("PRelu", x, slope));
    }

    String sigmoid(String x) {
        return add(node("Sigmoid", x));
    }

    String add(String a, String b) {
        return add(node("Add", a, b));
    }

    String sub(String a, String b) {
        return add(node("Sub", a, b));
    }

    String mul(String a, String b) {
        return add(node("Mul", a, b));
    }

    String transpose(String x, int... permutation) {
        return add(node("Transpose", x).addAttribute(ints("perm", permutation)));
    }

    String reshape(String x, long[] shape) {
        return add(node("Reshape", x, constant("shape", shape)));
    }

    String flatten(String x) {
        return add(node("Flatten", x).addAttribute(integer("axis", 1)));
    }

    String concat(int axis, String... inputs) {
        return add(node("Concat", inputs).addAttribute(integer("axis", axis)));
    }

    /** x (N x K) times b (K x M). */
    String matMul(String x, String b) {
        return add(node("Gemm", x, b));
    }

    /** The serialised model, with {@code metadata} as its metadata_props. */
    byte[] toModel(String producer, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(producer)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    private NodeProto.Builder node(String op, String... inputs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op);
        for (String input : inputs) {
            node.addInput(input);
        }
        return node;
    }

    private String add(NodeProto.Builder node) {
        String output = unique(node.getOpType().toLowerCase(Locale.ROOT));
        graph.addNode(node.setName(output).addOutput(output));
        return output;
    }

    private String unique(String hint) {
        return hint + "_" + counter++;
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static AttributeProto ints(String name, int... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (int v : values) {
            attribute.addInts(v);
        }
        return attribute.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }
}
