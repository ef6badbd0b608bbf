package dev.likeness.images;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which source an image was built from, for its labels and tag: the git commit, whether the working
 * tree had changes (then the tag says {@code -dirty}: the image is not that commit), and the
 * repository URL (git's {@code origin}, or what the builder is told).
 */
public record SourceRevision(String commit, boolean dirty, String source) {

    /** The revision of the git checkout at {@code repository}; {@code source} overrides origin's URL when not empty. */
    public static SourceRevision of(Path repository, String source) {
        String commit = git(repository, "rev-parse", "HEAD").strip();
        boolean dirty = !git(repository, "status", "--porcelain", "--untracked-files=no").isBlank();
        String origin = source;
        if (origin.isEmpty()) {
            try {
                origin = git(repository, "config", "--get", "remote.origin.url").strip();
            } catch (ExternalTool.Failed noOrigin) {
                origin = "unknown";
            }
        }
        return new SourceRevision(commit, dirty, origin);
    }

    /** The part of the second tag after the version: the short commit, and {@code -dirty} for a changed tree. */
    public String tagSuffix() {
        return commit.substring(0, 12) + (dirty ? "-dirty" : "");
    }

    private static String git(Path repository, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(args));
        return ExternalTool.run(command, List.of(), Duration.ofSeconds(30));
    }
}
