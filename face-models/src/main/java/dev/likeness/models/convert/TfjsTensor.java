package dev.likeness.models.convert;

/** One weight tensor of a TensorFlow.js model, dequantised: floats, or ints for shape constants. */
record TfjsTensor(String name, int[] shape, float[] floats, int[] ints) {

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
