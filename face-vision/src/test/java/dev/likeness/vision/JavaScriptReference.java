package dev.likeness.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JavaScript reference implementations (src/test/js/reference.cjs, on the npm packages the
 * face-models build installed) by Node on the same pixels the Java engine sees. Jobs are collected,
 * then run in one Node process.
 */
final class JavaScriptReference {

    static final Path NODE_MODULES = Path.of("..", "face-models", "node_modules").toAbsolutePath().normalize();
    private static final Path SCRIPT = Path.of("src", "test", "js", "reference.cjs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final ArrayNode jobs = JSON.createArrayNode();
    // An image asked about twice (with and without the mesh) is written once.
    private final Map<Mat, Path> written = new IdentityHashMap<>();

    JavaScriptReference(Path folder) {
        this.folder = folder;
    }

    /** human's faces (with the mesh or without) on this BGR image; returns the job's index. */
    int human(Mat bgr, boolean mesh) throws IOException {
        jobs.addObject().put("kind", "human").put("rgb", rgbFile(bgr).toString())
                .put("width", bgr.cols()).put("height", bgr.rows()).put("mesh", mesh);
        return jobs.size() - 1;
    }

    /** face-api's descriptor of this 150x150 BGR chip; returns the job's index. */
    int descriptor(Mat chip) throws IOException {
        jobs.addObject().put("kind", "descriptor").put("rgb", rgbFile(chip).toString());
        return jobs.size() - 1;
    }

    /** The raw outputs of a tfjs graph model ("package/models/name") on an NCHW float blob, given to it as NHWC. */
    int graph(String model, Mat nchw) throws IOException {
        int channels = nchw.size(1), height = nchw.size(2), width = nchw.size(3);
        float[] planar = new float[channels * height * width];
        nchw.reshape(1, 1).get(0, 0, planar);
        ByteBuffer nhwc = ByteBuffer.allocate(planar.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    nhwc.putFloat(planar[(c * height + y) * width + x]);
                }
            }
        }
        Path file = Files.createTempFile(folder, "input", ".f32");
        Files.write(file, nhwc.array());
        ArrayNode shape = JSON.createArrayNode().add(1).add(height).add(width).add(channels);
        jobs.addObject().put("kind", "graph").put("model", model).put("input", file.toString()).set("shape", shape);
        return jobs.size() - 1;
    }

    /** Runs every job; the results, by job index. */
    JsonNode run() throws IOException, InterruptedException {
        if (!Files.isDirectory(NODE_MODULES.resolve("@vladmandic/human"))) {
            throw new IllegalStateException(NODE_MODULES
                    + " lacks the reference packages: build face-models first (./mvnw -pl face-models install)");
        }
        Path jobsFile = folder.resolve("jobs.json");
        JSON.writeValue(jobsFile.toFile(), jobs);
        Path output = folder.resolve("results.json");
        Process node = new ProcessBuilder("node", SCRIPT.toString(), NODE_MODULES.toString(), jobsFile.toString())
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!node.waitFor(5, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            throw new IllegalStateException("the JavaScript reference did not finish in 5 minutes");
        }
        if (node.exitValue() != 0) {
            throw new IllegalStateException("the JavaScript reference failed with exit code " + node.exitValue());
        }
        return JSON.readTree(output.toFile());
    }

    private Path rgbFile(Mat bgr) throws IOException {
        Path known = written.get(bgr);
        if (known != null) {
            return known;
        }
        Mat rgb = new Mat();
        Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
        byte[] bytes = new byte[(int) rgb.total() * 3];
        rgb.get(0, 0, bytes);
        rgb.release();
        Path file = Files.createTempFile(folder, "image", ".rgb");
        Files.write(file, bytes);
        written.put(bgr, file);
        return file;
    }
}
