package dev.likeness.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    JavaScriptReference(Path folder) {
        this.folder = folder;
    }

    /** human's faces (with the mesh or without) on this BGR image; returns the job's index. */
    int human(Mat bgr, boolean mesh) throws IOException {
        ObjectNode job = jobs.addObject().put("kind", "human").put("rgb", rgbFile(bgr).toString())
                .put("width", bgr.cols()).put("height", bgr.rows()).put("mesh", mesh);
        return jobs.size() - 1;
    }

    /** face-api's descriptor of this 150x150 BGR chip; returns the job's index. */
    int descriptor(Mat chip) throws IOException {
        jobs.addObject().put("kind", "descriptor").put("rgb", rgbFile(chip).toString());
        return jobs.size() - 1;
    }

    /** Runs every job; the results, by job index. */
    JsonNode run() throws IOException, InterruptedException {
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
        Mat rgb = new Mat();
        Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
        byte[] bytes = new byte[(int) rgb.total() * 3];
        rgb.get(0, 0, bytes);
        rgb.release();
        Path file = Files.createTempFile(folder, "image", ".rgb");
        Files.write(file, bytes);
        return file;
    }
}
