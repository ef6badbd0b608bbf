package dev.likeness.models.convert;

import java.util.Arrays;

/** One weight tensor of a TensorFlow.js model, dequantised: floats, or ints for shape constants. */
record TfjsTensor(String name, int[] shape, float[] floats, int[] ints) {

    int size() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    float[] requireFloats() {
        if (floats == null) {
            throw new IllegalArgumentException(name + " holds ints, floats expected");
        }
        return floats;
    }

    int[] requireInts() {
        if (ints == null) {
            throw new IllegalArgumentException(name + " holds floats, ints expected");
        }
        return ints;
    }
}
