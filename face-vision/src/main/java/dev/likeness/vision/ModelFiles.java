package dev.likeness.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The ONNX files in the face-models jar: the build's conversion of the npm-shipped weights. */
final class ModelFiles {

    private static final String MODELS = "/dev/likeness/models/";

    private ModelFiles() {
    }

    static byte[] read(String model) {
        try (InputStream in = ModelFiles.class.getResourceAsStream(MODELS + model + ".onnx")) {
            if (in == null) {
                throw new IllegalStateException(model + ".onnx is missing from the classpath (face-models jar)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
