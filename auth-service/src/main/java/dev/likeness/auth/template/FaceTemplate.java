package dev.likeness.auth.template;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A face as numbers: a fixed-length feature vector with the version of the extractor that made
 * it, so a template is never compared with one from another model.
 */
public record FaceTemplate(int version, float[] features) {

    /** The element-wise mean of templates of one version: the enrolled template. */
    public static FaceTemplate mean(List<FaceTemplate> templates) {
        float[] sum = new float[templates.get(0).features().length];
        for (FaceTemplate template : templates) {
            if (template.version() != templates.get(0).version() || template.features().length != sum.length) {
                throw new IllegalArgumentException("templates of different extractors");
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += template.features()[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= templates.size();
        }
        return new FaceTemplate(templates.get(0).version(), sum);
    }

    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(8 + 4 * features.length);
        buffer.putInt(version).putInt(features.length);
        for (float f : features) {
            buffer.putFloat(f);
        }
        return buffer.array();
    }

    public static FaceTemplate fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int version = buffer.getInt();
        float[] features = new float[buffer.getInt()];
        for (int i = 0; i < features.length; i++) {
            features[i] = buffer.getFloat();
        }
        return new FaceTemplate(version, features);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FaceTemplate that && version == that.version && Arrays.equals(features, that.features);
    }

    @Override
    public int hashCode() {
        return 31 * version + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        // Never print the biometric itself.
        return "FaceTemplate[version=" + version + ", length=" + features.length + "]";
    }
}
