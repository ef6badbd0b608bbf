package dev.likeness.cli.command;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options of enroll and auth. */
public final class SessionOptions {
    @Option(names = "--username", required = true, paramLabel = "NAME", description = "The user the session is for.")
    String username;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--images", paramLabel = "DIR", description = "JPEG/PNG files, sent in name order, looped like a camera.")
        Path images;

        @Option(names = "--video", paramLabel = "FILE.mjpeg", description = "An MJPEG file (ffmpeg -i in.mp4 -f mjpeg camera.mjpeg).")
        Path video;

        @Option(names = "--subject", paramLabel = "PORTRAIT",
                description = "A synthetic live subject rendered from this portrait photo (one frontal face): the head turns a little, "
                        + "nods and blinks, with a camera's noise in every frame (subjects/README.md).")
        Path subject;
    }

    @Option(names = "--transaction-data", paramLabel = "TEXT",
            description = "What the transaction JWT signs as `td` (default: \"<op> <name> <time>\").")
    String transactionData;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "10",
            description = "Camera pace, frames per second (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up after this long (default ${DEFAULT-VALUE}).")
    long timeout;

    @Option(names = "--quiet", description = "No line per frame, figures only.")
    boolean quiet;
}
