package dev.likeness.images;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the five services' images from their packaged Quarkus applications with podman and
 * {@code deploy/images/Containerfile}, on the {@link BaseImage}: each tagged
 * {@code likeness/<service>:<version>} (the manifests' name) and {@code :<version>-<commit>}, with
 * the OCI labels and its SBOM inside ({@code /deployments/sbom.cdx.json}) and beside it
 * ({@code <service>/target/image/sbom.cdx.json}). Nothing is pushed: {@code podman save} exports one.
 */
public final class ServiceImages {

    /** The services that ship as images, each its Maven module. */
    public static final List<String> SERVICES = List.of("ingest-gateway", "quality-service", "auth-relay", "auth-service", "jwt-verifier");
    static final String CONTAINERFILE = "deploy/images/Containerfile";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(10);

    private final Path repository;
    private final Podman podman;

    public ServiceImages(Path repository, Podman podman) {
        this.repository = repository;
        this.podman = podman;
    }

    /** One built image: its tags, size in bytes, and the SBOM written beside it. */
    public record Built(String service, List<String> tags, long bytes, Path sbom, int components) {
        public String describe() {
            return String.format(Locale.ROOT, "%-16s %s  %4.0f MB  SBOM %s (%d components)", service, String.join(" ", tags),
                    bytes / 1e6, sbom, components);
        }
    }

    /** Builds every service's image on {@code base}; {@code source} is the repository URL the label names. */
    public List<Built> build(String base, SourceRevision revision) {
        List<BaseImage.DebianPackage> packages = BaseImage.packages(podman, base);
        List<Built> built = new ArrayList<>();
        for (String service : SERVICES) {
            built.add(build(service, base, packages, revision));
        }
        return built;
    }

    Built build(String service, String base, List<BaseImage.DebianPackage> packages, SourceRevision revision) {
        Path module = repository.resolve(service);
        Path application = module.resolve("target/quarkus-app");
        if (!Files.isRegularFile(application.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(service + " is not packaged: build with ./likeness images");
        }
        ObjectNode mavenBom = ImageSbom.readMavenBom(module.resolve(ImageSbom.MAVEN_BOM));
        String version = ImageSbom.version(mavenBom);
        String name = "likeness/" + service;
        ObjectNode sbom = ImageSbom.forImage(mavenBom, name, version, packages);
        Path context = module.resolve("target/image");
        Path sbomFile = context.resolve("sbom.cdx.json");
        prepareContext(application, context);
        ImageSbom.write(sbom, sbomFile);
        List<String> tags = List.of("localhost/" + name + ":" + version, "localhost/" + name + ":" + version + "-" + revision.tagSuffix());
        List<String> args = new ArrayList<>(List.of("build", "--file", repository.resolve(CONTAINERFILE).toString(),
                "--build-arg", "BASE=" + base));
        labels(service, version, base, revision).forEach((label, value) -> args.addAll(List.of("--label", label + "=" + value)));
        tags.forEach(tag -> args.addAll(List.of("--tag", tag)));
        args.add(context.toString());
        podman.run(BUILD_LIMIT, args);
        long bytes = Long.parseLong(podman.inspect(tags.get(0), "{{.Size}}"));
        return new Built(service, tags, bytes, repository.relativize(sbomFile), sbom.path("components").size());
    }

    /** The OCI labels of {@code service}'s image. */
    static Map<String, String> labels(String service, String version, String base, SourceRevision revision) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", "likeness-" + service);
        labels.put("org.opencontainers.image.description", "Likeness " + service + ": a service of the face-biometric pipeline");
        labels.put("org.opencontainers.image.version", version);
        labels.put("org.opencontainers.image.revision", revision.commit());
        labels.put("org.opencontainers.image.source", revision.source());
        labels.put("org.opencontainers.image.licenses", "Apache-2.0");
        labels.put("org.opencontainers.image.base.name", base);
        return labels;
    }

    /**
     * The build context: the packaged application (hard links, no copy of its hundreds of MB), the
     * entry point, the licence and the third-party notices; podman sends nothing else.
     */
    private void prepareContext(Path application, Path context) {
        try {
            deleteRecursively(context);
            Files.createDirectories(context);
            linkTree(application, context.resolve("quarkus-app"));
            Files.copy(repository.resolve("deploy/images/run-java"), context.resolve("run-java"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.copy(repository.resolve("LICENSE"), context.resolve("LICENSE"));
            Files.copy(repository.resolve("THIRD-PARTY.md"), context.resolve("THIRD-PARTY.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void linkTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createLink(target, path);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) { // children before their folder
                Files.delete(path);
            }
        }
    }
}
