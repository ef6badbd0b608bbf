package dev.likeness.cli.command;

import dev.likeness.cli.DemoBackendClient;
import dev.likeness.cli.bench.Bench;
import dev.likeness.launcher.LocalStack;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load the running stack with many concurrent sessions from this one process (real encryption, real tokens): "
                + "per step, rates, round trips, drops, errors and CPU per answered frame of each process; the raw engine's "
                + "throughput in the same run; the knee of a sweep. Writes CSV, JSON and HTML under .likeness/bench/.")
public final class BenchCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true)
    Load load;

    static final class Load {
        @Option(names = "--sessions", paramLabel = "N", description = "Concurrent sessions (default 4).")
        Integer sessions;

        @Option(names = "--sweep", paramLabel = "N,N,...", split = ",",
                description = "Session counts, one step each, e.g. 1,2,4,8,16,32.")
        List<Integer> sweep;
    }

    @Option(names = "--fps", paramLabel = "F", defaultValue = "8",
            description = "Each session's camera rate; flow control decides what is sent (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20",
            description = "Length of each step (default ${DEFAULT-VALUE}).")
    long duration;

    @Option(names = "--images", paramLabel = "DIR", defaultValue = "testdata/faces/grace-hopper",
            description = "The frames every session sends, looped (default ${DEFAULT-VALUE}).")
    Path images;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "180",
            description = "The longest first load, not recorded, run until the JIT compilers settle, so their start-up burst is not "
                    + "measured as pipeline cost (default ${DEFAULT-VALUE}; 0 for none).")
    long warmUp;

    @Option(names = "--operation", paramLabel = "auth|enroll|stream|mixed", defaultValue = "auth",
            description = "auth: authenticate an enrolled bench user, session after session; enroll: enroll a new user each session; "
                    + "stream: one session per user for the whole step, no decision expected (give frames the filters refuse, "
                    + "e.g. testdata/faces/no-face, for a steady state without decisions); mixed: enroll a new user, then "
                    + "authenticate that user, in turn (the soak's load). Default ${DEFAULT-VALUE}.")
    String operation;

    @Override
    public Integer call() throws Exception {
        List<Integer> counts = load == null ? List.of(4) : load.sweep != null ? load.sweep : List.of(load.sessions);
        if (counts.isEmpty() || counts.stream().anyMatch(n -> n < 1 || n > 256)) {
            throw new IllegalArgumentException("session counts must be 1 to 256");
        }
        if (fps < 1 || fps > 60 || duration < 1) {
            throw new IllegalArgumentException("--fps must be 1 to 60 and --duration at least 1 second");
        }
        Bench.Kind kind;
        try {
            kind = Bench.Kind.valueOf(operation.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--operation must be auth, enroll, stream or mixed, not " + operation);
        }
        LocalStack stack = StackHome.locate();
        return new Bench(stack, new DemoBackendClient(URI.create(stack.ports().demoBackendUrl())), System.out)
                .run(new Bench.Settings(counts, fps, Duration.ofSeconds(duration), images, kind,
                Duration.ofSeconds(warmUp)));
    }
}
