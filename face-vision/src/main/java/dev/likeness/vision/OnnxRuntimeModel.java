package dev.likeness.vision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import org.opencv.core.Mat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One model of the face-models jar run by ONNX Runtime, which runs all four: it is cheaper than
 * OpenCV's DNN module for each on this kind of CPU (1.3-2.3 times once warm; {@code ./likeness
 * benchmark-engine} measures both), and OpenCV's Java {@code Net.forward} for several outputs
 * releases a temporary Mat in a way its finalizer can race (see {@link MatScope}). The outputs
 * agree with the JavaScript references to float rounding (ReferenceParityTest and ModelParityTest).
 *
 * <p>One session serves every thread (ONNX Runtime's run is thread-safe) and computes on its
 * caller's thread, with no pool of its own: callers already judge frames in parallel, as
 * {@link OpenCvRuntime} says for OpenCV. Its tensors are closed explicitly, never by a finalizer.
 */
final class OnnxRuntimeModel implements AutoCloseable {

    private static final OrtEnvironment ENVIRONMENT = environment();

    private final String model;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    /**
     * Input buffers of spare capacity, reused. ONNX Runtime reads a direct buffer in place but
     * copies a heap one into a fresh direct buffer on every run, which the JVM frees only when a
     * collection finds it: 0.05-0.4 MB of native memory a model a frame, held until the next
     * collection and counted against the direct-memory limit, which a small-heap container reaches
     * soon. A caller takes one, or makes one when none is spare, so there are never more than
     * callers at once.
     */
    private final Queue<Input> spareInputs = new ConcurrentLinkedQueue<>();

    /** One input tensor's values: the array OpenCV fills and the direct buffer ONNX Runtime reads. */
    private record Input(float[] values, FloatBuffer buffer) {

        static Input of(int size) {
            return new Input(new float[size], ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer());
        }
    }

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
            this.inputName = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load the " + model + " model", e);
        }
        // The first run plans the graph's memory: pay that at start-up, not on a user's frame.
        Input grey = Input.of(3 * side * side);
        Arrays.fill(grey.values(), 0.5f);
        run(grey);
        spareInputs.add(grey);
    }

    /**
     * ONNX Runtime's environment, its two libraries loaded from this user's copies (see
     * {@link NativeLibraries}) unless the operator named others with its own properties. Those
     * properties are the JVM's: they are ours only while this environment loads, so ONNX Runtime's
     * classes in another class loader load their own copy, not this loader's file.
     */
    private static OrtEnvironment environment() {
        String platform = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "linux-x64";
            case "aarch64" -> "linux-aarch64";
            default -> null;
        };
        List<String> ours = new ArrayList<>();
        if (platform != null) {
            for (String library : List.of("onnxruntime", "onnxruntime4j_jni")) {
                String property = "onnxruntime.native." + library + ".path";
                if (System.getProperty(property) == null) {
                    NativeLibraries.forClassesOf(OrtEnvironment.class,
                            "ai/onnxruntime/native/" + platform + "/" + System.mapLibraryName(library))
                            .ifPresent(copy -> {
                                System.setProperty(property, copy.toString());
                                ours.add(property);
                            });
                }
            }
        }
        try {
            return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "likeness");
        } finally {
            ours.forEach(System::clearProperty);
        }
    }

    /** The first output of one pass on {@code blob}, one NCHW float image of the declared side (the caller holds it). */
    float[] run(Mat blob) {
        return outputs(blob).values().iterator().next();
    }

    /** Every output of one pass on {@code blob}, by name, in the model's order. */
    Map<String, float[]> outputs(Mat blob) {
        int size = Math.toIntExact(inputShape[1] * inputShape[2] * inputShape[3]);
        if (blob.total() != size) {
            throw new IllegalArgumentException("the " + model + " model takes " + size + " values, not " + blob.total());
        }
        Input values = spareInputs.poll();
        if (values == null) {
            values = Input.of(size);
        }
        try {
            blob.get(new int[]{0, 0, 0, 0}, values.values());
            return run(values);
        } finally {
            spareInputs.add(values);
        }
    }

    /** Frees the session's native memory; only for a model used briefly (a service's models live as long as it). */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("the " + model + " model did not close", e);
        }
    }

    private Map<String, float[]> run(Input input) {
        input.buffer().clear().put(input.values()).flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, input.buffer(), inputShape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            Map<String, float[]> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> output : result) {
                FloatBuffer buffer = ((OnnxTensor) output.getValue()).getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                outputs.put(output.getKey(), values);
            }
            return outputs;
        } catch (OrtException e) {
            throw new IllegalStateException("the " + model + " model failed", e);
        }
    }
}
