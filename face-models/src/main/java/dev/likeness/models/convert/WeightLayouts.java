package dev.likeness.models.convert;

/** TensorFlow's filter layouts to ONNX's: both converters go through here. */
final class WeightLayouts {

    private WeightLayouts() {
    }

    /** A conv filter [height, width, in, out] (TensorFlow) as [out, in, height, width] (ONNX). */
    static float[] hwioToOihw(TfjsTensor filter) {
        int kh = filter.shape()[0], kw = filter.shape()[1], in = filter.shape()[2], out = filter.shape()[3];
        float[] hwio = filter.requireFloats();
        float[] oihw = new float[hwio.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        oihw[((o * in + i) * kh + h) * kw + w] = hwio[((h * kw + w) * in + i) * out + o];
                    }
                }
            }
        }
        return oihw;
    }

    /** A depthwise filter [height, width, channels, multiplier] as a grouped conv's [channels * multiplier, 1, height, width]. */
    static float[] depthwiseToGrouped(TfjsTensor filter) {
        int kh = filter.shape()[0], kw = filter.shape()[1], channels = filter.shape()[2], multiplier = filter.shape()[3];
        float[] hwcm = filter.requireFloats();
        float[] grouped = new float[hwcm.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int c = 0; c < channels; c++) {
                    for (int m = 0; m < multiplier; m++) {
                        grouped[((c * multiplier + m) * kh + h) * kw + w] = hwcm[((h * kw + w) * channels + c) * multiplier + m];
                    }
                }
            }
        }
        return grouped;
    }
}
