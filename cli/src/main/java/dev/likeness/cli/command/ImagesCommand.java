package dev.likeness.cli.command;

import dev.likeness.images.BaseImage;
import dev.likeness.images.Podman;
import dev.likeness.images.ServiceImages;
import dev.likeness.images.SourceRevision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "images", mixinStandardHelpOptions = true,
        description = {"Build the five services' container images with podman, into the local image store (podman images).",
                "The ./likeness script packages the services and writes their SBOMs first. Nothing is pushed: "
                        + "podman save exports an image for a registry. Needs podman, runc and mmdebstrap (apt-get install)."})
public final class ImagesCommand implements Callable<Integer> {

    @Option(names = "--rebuild-base",
            description = "Build the Debian base again although the local store has it (for new security updates).")
    boolean rebuildBase;

    @Option(names = "--source", description = "The repository URL the images' org.opencontainers.image.source label names "
            + "(default: git's origin).", defaultValue = "")
    String source;

    @Override
    public Integer call() {
        if (!Podman.installed()) {
            throw new IllegalStateException("podman and runc are not installed: apt-get install -y podman runc mmdebstrap");
        }
        Path repository = StackHome.repository();
        Podman podman = Podman.in(repository.resolve(".likeness/images"));
        long started = System.nanoTime();
        String base = BaseImage.ensure(podman, repository.resolve(".likeness/images"), rebuildBase);
        System.out.printf(Locale.ROOT, "base %s (%.0f MB) in %.0f s%n", base, Long.parseLong(podman.inspect(base, "{{.Size}}")) / 1e6,
                (System.nanoTime() - started) / 1e9);
        SourceRevision revision = SourceRevision.of(repository, source);
        List<ServiceImages.Built> built = new ServiceImages(repository, podman).build(base, revision);
        built.forEach(image -> System.out.println(image.describe()));
        System.out.printf(Locale.ROOT, "%d images in %.0f s, in podman's local store; export one with podman save%n", built.size(),
                (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
