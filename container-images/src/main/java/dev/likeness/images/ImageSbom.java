package dev.likeness.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An image's CycloneDX SBOM: what the CycloneDX Maven plugin lists for the service (its jars, with
 * their licences as their POMs state them) plus every Debian package of the base, the image itself
 * as the BOM's subject. A scanner reads it to say which of the image's parts a vulnerability touches.
 */
public final class ImageSbom {

    /** Where the Maven plugin writes a module's BOM (the parent POM's cyclonedx-maven-plugin settings). */
    public static final String MAVEN_BOM = "target/sbom-maven.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageSbom() {
    }

    /** The service's Maven BOM at {@code mavenBom}: fails clearly when the build did not write it. */
    public static ObjectNode readMavenBom(Path mavenBom) {
        if (!Files.isRegularFile(mavenBom)) {
            throw new IllegalStateException(mavenBom + " is missing: build with ./likeness images (it runs the CycloneDX Maven plugin)");
        }
        try {
            return (ObjectNode) JSON.readTree(mavenBom.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Maven BOM's project version: the version the image is tagged with. */
    public static String version(ObjectNode mavenBom) {
        return mavenBom.path("metadata").path("component").path("version").asText();
    }

    /**
     * The image's SBOM: {@code mavenBom} with the base's {@code packages} added and the image, named
     * {@code image} at {@code version}, as its subject (the service's own jar becomes a component).
     */
    public static ObjectNode forImage(ObjectNode mavenBom, String image, String version, List<BaseImage.DebianPackage> packages) {
        ObjectNode sbom = mavenBom.deepCopy();
        ObjectNode metadata = (ObjectNode) sbom.path("metadata");
        JsonNode service = metadata.path("component");
        ArrayNode components = sbom.withArray("components");
        components.insert(0, service.deepCopy());
        for (BaseImage.DebianPackage debian : packages) {
            ObjectNode component = components.addObject();
            component.put("type", "library");
            component.put("bom-ref", debian.purl());
            component.put("name", debian.name());
            component.put("version", debian.version());
            component.put("purl", debian.purl());
            component.putObject("supplier").put("name", "Debian");
        }
        ObjectNode subject = JSON.createObjectNode();
        subject.put("type", "container");
        subject.put("bom-ref", image + ":" + version);
        subject.put("name", image);
        subject.put("version", version);
        metadata.set("component", subject);
        ObjectNode contents = JSON.createObjectNode().put("ref", image + ":" + version);
        ArrayNode dependsOn = contents.putArray("dependsOn").add(service.path("bom-ref").asText());
        packages.forEach(debian -> dependsOn.add(debian.purl()));
        sbom.withArray("dependencies").insert(0, contents);
        return sbom;
    }

    public static void write(ObjectNode sbom, Path to) {
        try {
            Files.createDirectories(to.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(to.toFile(), sbom);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
