package dev.likeness.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The podman command line, with the settings containers need to run on a machine like this one
 * (Debian 12, hybrid cgroups, no Docker): the runc runtime (crun refuses hybrid cgroups), no default
 * ulimits (a containers.conf passed as CONTAINERS_CONF) and no pids limit. Images stay in the
 * machine's local store; nothing is pulled from a registry.
 */
public final class Podman {

    private static final String CONTAINERS_CONF = "[containers]\ndefault_ulimits = []\n";
    private final Path containersConf;

    private Podman(Path containersConf) {
        this.containersConf = containersConf;
    }

    /** A podman whose containers.conf is written into {@code workDirectory}. */
    public static Podman in(Path workDirectory) {
        try {
            Files.createDirectories(workDirectory);
            Path conf = workDirectory.resolve("containers.conf");
            Files.writeString(conf, CONTAINERS_CONF);
            return new Podman(conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether podman is installed: the images and the container test need it (`.ci/run` installs it). */
    public static boolean installed() {
        return ExternalTool.onPath("podman") && ExternalTool.onPath("runc");
    }

    /** {@code podman --runtime runc ARGS}: its output; a non-zero exit is an error that quotes the output's end. */
    public String run(Duration timeout, List<String> args) {
        return ExternalTool.run(command(args), List.of("CONTAINERS_CONF", containersConf.toString()), timeout);
    }

    public String run(Duration timeout, String... args) {
        return run(timeout, List.of(args));
    }

    /** The command line of {@code podman ARGS}, for a process the caller manages (a container in the foreground). */
    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of("podman", "--runtime", "runc"));
        command.addAll(args);
        return command;
    }

    /** A process builder for {@code podman ARGS}, with the settings in its environment. */
    public ProcessBuilder processBuilder(List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().put("CONTAINERS_CONF", containersConf.toString());
        return builder;
    }

    /** The options every {@code podman run} of ours takes: no pids limit (its default is refused here). */
    public static List<String> runOptions() {
        return List.of("--pids-limit=-1");
    }

    /** Whether the local store has {@code image}. */
    public boolean hasImage(String image) {
        try {
            run(Duration.ofSeconds(30), "image", "exists", image);
            return true;
        } catch (ExternalTool.Failed missing) {
            return false;
        }
    }

    /** One field of an image, as `podman image inspect --format` prints it. */
    public String inspect(String image, String goTemplate) {
        return run(Duration.ofSeconds(30), "image", "inspect", "--format", goTemplate, image).strip();
    }
}
