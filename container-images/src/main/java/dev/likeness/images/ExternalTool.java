package dev.likeness.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running an external tool (podman, mmdebstrap, git) to its end: its output, or an error that quotes the output's end. */
final class ExternalTool {

    private static final int QUOTED_OUTPUT_CHARS = 2000;

    private ExternalTool() {
    }

    static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code command} with {@code environment} (name, value, ...) added; its output, stdout and stderr merged. */
    static String run(List<String> command, List<String> environment, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            for (int i = 0; i < environment.size(); i += 2) {
                builder.environment().put(environment.get(i), environment.get(i + 1));
            }
            Path output = Files.createTempFile("likeness-tool", ".log");
            try {
                Process process = builder.redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    process.destroyForcibly().waitFor();
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (!ended || process.exitValue() != 0) {
                    throw new Failed(String.join(" ", command.subList(0, Math.min(4, command.size())))
                            + (ended ? " failed (exit " + process.exitValue() + ")" : " did not end within " + timeout.toSeconds() + " s")
                            + ": " + tail(text));
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= QUOTED_OUTPUT_CHARS ? trimmed : "..." + trimmed.substring(trimmed.length() - QUOTED_OUTPUT_CHARS);
    }

    /** A command that ended with a non-zero exit status, or did not end in time. */
    public static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }
}
