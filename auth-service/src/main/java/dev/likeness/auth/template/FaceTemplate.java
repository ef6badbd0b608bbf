package dev.likeness.auth.template;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's enrolled face: the descriptors of several accepted enrollment frames, each with its
 * quality weight, and the model (id and version) that made them, so a template is never compared
 * with descriptors of another model.
 */
public record FaceTemplate(String modelId, int modelVersion, List<Descriptor> descriptors) {

    /** Templates written before models were recorded (the LBP-histogram baseline) read as this model. */
    public static final String UNRECORDED_MODEL = "unrecorded";
    // Leads every serialised template; the baseline's began with a small version number instead.
    private static final int MAGIC = 0x4c4b4654;   // "LKFT"

    /** One frame's descriptor and how much it counts (0-1: the detector's and landmark model's confidence). */
    public record Descriptor(float weight, float[] values) {
        @Override
        public String toString() {
            return "Descriptor[weight=" + weight + ", length=" + values.length + "]";   // never the biometric itself
        }
    }

    public FaceTemplate {
        descriptors = List.copyOf(descriptors);
    }

    public boolean madeBy(String model, int version) {
        return modelId.equals(model) && modelVersion == version;
    }

    public byte[] toBytes() {
        byte[] model = modelId.getBytes(StandardCharsets.UTF_8);
        int length = descriptors.isEmpty() ? 0 : descriptors.get(0).values().length;
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 + model.length + 4 + 4 + 4 + descriptors.size() * (4 + 4 * length));
        buffer.putInt(MAGIC).putInt(model.length).put(model).putInt(modelVersion).putInt(descriptors.size()).putInt(length);
        for (Descriptor descriptor : descriptors) {
            if (descriptor.values().length != length) {
                throw new IllegalArgumentException("descriptors of different lengths");
            }
            buffer.putFloat(descriptor.weight());
            for (float v : descriptor.values()) {
                buffer.putFloat(v);
            }
        }
        return buffer.array();
    }

    public static FaceTemplate fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < 4 || buffer.getInt() != MAGIC) {
            return new FaceTemplate(UNRECORDED_MODEL, 0, List.of());
        }
        byte[] model = new byte[buffer.getInt()];
        buffer.get(model);
        int version = buffer.getInt();
        int count = buffer.getInt();
        int length = buffer.getInt();
        List<Descriptor> descriptors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float weight = buffer.getFloat();
            float[] values = new float[length];
            for (int k = 0; k < length; k++) {
                values[k] = buffer.getFloat();
            }
            descriptors.add(new Descriptor(weight, values));
        }
        return new FaceTemplate(new String(model, StandardCharsets.UTF_8), version, descriptors);
    }
}
