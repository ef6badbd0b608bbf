package dev.likeness.vision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import org.opencv.core.Mat;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * One model of the face-models jar run by ONNX Runtime instead of OpenCV's DNN module: the two
 * where it is much cheaper on this kind of CPU, the descriptor ResNet (about 2.2 times) and Iris
 * (about 1.4 times), with the same outputs to float rounding (ReferenceParityTest and
 * ModelParityTest hold them to the JavaScript references). BlazeFace and FaceMesh stay on OpenCV,
 * where ONNX Runtime is not reliably faster. {@code ./likeness benchmark-engine} measures both.
 *
 * <p>One session serves every thread (ONNX Runtime's run is thread-safe) and computes on its
 * caller's thread, with no pool of its own: callers already judge frames in parallel, as
 * {@link OpenCvRuntime} says for OpenCV.
 */
final class OnnxRuntimeModel {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "likeness");

    private final String model;
    private final OrtSession session;
    private final String input;
    private final long[] inputShape;

    /** {@code model} taking one {@code side} x {@code side} RGB image (NCHW float), warmed on a grey one. */
    OnnxRuntimeModel(String model, int side) {
        OpenCvRuntime.load(); // its callers hand it OpenCV blobs
        this.model = model;
        this.inputShape = new long[]{1, 3, side, side};
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            this.session = ENVIRONMENT.createSession(ModelFiles.read(model), options);
            this.input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load the " + model + " model", e);
        }
        // The first run plans the graph's memory: pay that at start-up, not on a user's frame.
        float[] grey = new float[3 * side * side];
        Arrays.fill(grey, 0.5f);
        run(grey);
    }

    /** The first output of one pass on {@code blob}, one NCHW float image of the declared side. */
    float[] run(Mat blob) {
        float[] values = new float[Math.toIntExact(blob.total())];
        blob.get(new int[]{0, 0, 0, 0}, values);
        return run(values);
    }

    private float[] run(float[] nchw) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(nchw), inputShape);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[output.remaining()];
            output.get(values);
            return values;
        } catch (OrtException e) {
            throw new IllegalStateException("the " + model + " model failed", e);
        }
    }
}
