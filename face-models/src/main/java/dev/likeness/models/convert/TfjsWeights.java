package dev.likeness.models.convert;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the weights of a TensorFlow.js model: a manifest (groups of binary shards, each listing its
 * tensors in order) and the shards, little-endian. Quantised tensors are expanded the way tfjs
 * does it: uint8 as {@code q * scale + min}, float16 as IEEE half precision.
 */
final class TfjsWeights {

    private TfjsWeights() {
    }

    /** Every tensor of {@code manifest} (the weightsManifest array), by name; shards are read from {@code directory}. */
    static Map<String, TfjsTensor> read(JsonNode manifest, Path directory) throws IOException {
        Map<String, TfjsTensor> tensors = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (JsonNode path : group.get("paths")) {
                joined.write(Files.readAllBytes(directory.resolve(path.asText())));
            }
            ByteBuffer data = ByteBuffer.wrap(joined.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode weight : group.get("weights")) {
                TfjsTensor tensor = readOne(weight, data);
                tensors.put(tensor.name(), tensor);
            }
            if (data.hasRemaining()) {
                throw new IOException("weights of " + group.get("paths") + " have " + data.remaining()
                        + " bytes the manifest does not list");
            }
        }
        return tensors;
    }

    private static TfjsTensor readOne(JsonNode weight, ByteBuffer data) throws IOException {
        String name = weight.get("name").asText();
        int[] shape = new int[weight.get("shape").size()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = weight.get("shape").get(i).asInt();
            count *= shape[i];
        }
        String dtype = weight.get("dtype").asText();
        JsonNode quantization = weight.get("quantization");
        if (dtype.equals("int32") && quantization == null) {
            int[] ints = new int[count];
            for (int i = 0; i < count; i++) {
                ints[i] = data.getInt();
            }
            return new TfjsTensor(name, shape, null, ints);
        }
        if (!dtype.equals("float32")) {
            throw new IOException(name + ": unsupported dtype " + dtype);
        }
        float[] floats = new float[count];
        String stored = quantization == null ? "float32" : quantization.get("dtype").asText();
        switch (stored) {
            case "float32" -> {
                for (int i = 0; i < count; i++) {
                    floats[i] = data.getFloat();
                }
            }
            case "uint8" -> {
                double scale = quantization.get("scale").asDouble();
                double min = quantization.get("min").asDouble();
                for (int i = 0; i < count; i++) {
                    floats[i] = (float) (Byte.toUnsignedInt(data.get()) * scale + min);
                }
            }
            case "float16" -> {
                for (int i = 0; i < count; i++) {
                    floats[i] = halfToFloat(data.getShort());
                }
            }
            default -> throw new IOException(name + ": unsupported quantisation " + stored);
        }
        return new TfjsTensor(name, shape, floats, null);
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat yet). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
