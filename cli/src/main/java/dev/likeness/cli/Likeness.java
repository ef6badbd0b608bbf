package dev.likeness.cli;

import dev.likeness.cli.engine.EngineBenchmark;
import dev.likeness.cli.engine.FaceEvaluation;
import dev.likeness.cli.fuzz.FuzzRun;
import dev.likeness.cli.fuzz.ProtocolFuzzer;
import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.LocalPrometheus;
import dev.likeness.launcher.LocalStack;
import dev.likeness.launcher.PrometheusText;
import dev.likeness.launcher.StackPart;
import dev.likeness.launcher.StackPorts;
import dev.likeness.launcher.StackService;
import dev.likeness.proto.v1.Operation;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FaceFinder;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code ./likeness}: the whole pipeline on this machine (up, down, status), a client that enrolls
 * or authenticates from image files as a browser would from a camera, and the face engine's
 * evaluation and benchmark. Options are parsed by picocli: every command has --help, and an
 * unknown option is an error (exit 2).
 */
@Command(name = "./likeness", mixinStandardHelpOptions = true, version = "Likeness 0.1.0",
        description = "Everything the local stack writes (keys, logs, Kafka and PostgreSQL data) is under .likeness/ "
                + "(or $LIKENESS_HOME). Keys are generated there on first run and never committed.",
        subcommands = {Likeness.Up.class, Likeness.Down.class, Likeness.Status.class, Likeness.Enroll.class,
                Likeness.Auth.class, Likeness.Erase.class, Likeness.Unlock.class, Likeness.RotateTemplateKey.class,
                Likeness.RotateSigningKey.class, Likeness.Kill.class, Likeness.Restart.class, Likeness.Fuzz.class, Likeness.Bench.class,
                Likeness.Evaluate.class, Likeness.BenchmarkEngine.class})
public final class Likeness {

    static final PrintStream OUT = System.out;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Likeness())
                .setParameterExceptionHandler(Likeness::refuse)
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    boolean usage = e instanceof IllegalArgumentException || e instanceof IllegalStateException;
                    commandLine.getErr().println("likeness: " + (usage ? e.getMessage() : e));
                    return usage ? 2 : 1;
                });
    }

    /**
     * A command line picocli cannot take: an unknown option is named first (picocli would otherwise
     * report a missing required option and not mention the typo), then the command's usage; exit 2.
     */
    private static int refuse(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        List<String> unknown = command.getUnmatchedArguments();
        err.println(unknown.isEmpty() ? e.getMessage()
                : (unknown.size() == 1 ? "Unknown option: '" + unknown.get(0) + "'" : "Unknown options: " + unknown));
        command.usage(err);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Frames a quality worker has judged so far, every outcome (0 when it does not answer). */
    /**
     * Frames each Kafka consumer of the quality worker on {@code port} has fetched, by client id: a
     * worker runs one consumer per core, each on its own partitions, and each one's first fetch is
     * the slow one.
     */
    static Map<String, Double> framesFetchedByConsumer(int port) {
        return PrometheusText.byLabel(PrometheusText.scrape(port), "kafka_consumer_fetch_manager_records_consumed_total", "client_id");
    }

    static boolean everyConsumerHasFetched(int port) {
        Map<String, Double> fetched = framesFetchedByConsumer(port);
        return !fetched.isEmpty() && fetched.values().stream().allMatch(frames -> frames > 0);
    }

    static LocalStack stack() {
        Path repository = Path.of(System.getProperty("likeness.repository", ".")).toAbsolutePath().normalize();
        String homeSetting = System.getenv("LIKENESS_HOME");
        Path home = homeSetting == null || homeSetting.isBlank() ? repository.resolve(".likeness") : Path.of(homeSetting);
        return new LocalStack(repository, home, OUT);
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start Kafka, PostgreSQL, every service and the demo backend on embedded defaults.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--quality-workers", paramLabel = "N", defaultValue = "1",
                description = "quality-service processes in consumer group `quality` (1 to 6, the partitions of likeness.frames; default "
                        + "${DEFAULT-VALUE}).")
        int qualityWorkers;

        @Option(names = "--gateways", paramLabel = "N", defaultValue = "1",
                description = "ingest-gateway processes, each reading its own partition of likeness.session-events "
                        + "(1 to 4; default ${DEFAULT-VALUE}); the second and later ones on free ports, which `status` lists.")
        int gateways;

        @Option(names = "--observe",
                description = "Also start Prometheus (Debian's `prometheus` binary, when installed) on port "
                        + LocalPrometheus.DEFAULT_PORT + ", scraping every service with deploy/monitoring's rules; "
                        + "`status` then lists the alerts pending or firing.")
        boolean observe;

        @Override
        public Integer call() throws Exception {
            LocalStack stack = stack();
            boolean observing = false;
            try {
                stack.up(StackPorts.defaults(), new LocalStack.Scale(qualityWorkers, gateways));
                observing = observe && stack.observe(LocalPrometheus.DEFAULT_PORT);
            } catch (Exception e) {
                OUT.println("start-up failed; stopping what had started");
                stack.down();
                throw e;
            }
            StackPorts ports = stack.ports();
            List<Integer> workers = stack.instances().stream().filter(instance -> instance.service() == StackService.QUALITY_SERVICE)
                    .map(LocalStack.Instance::httpPort).toList();
            int consumers = workers.stream().mapToInt(port -> framesFetchedByConsumer(port).size()).sum();
            // Found once: the probe reads their compiler threads' CPU every second while it waits.
            List<StackPart> parts = stack.alivePartsWithCaller("cli");
            new StartUpProbe(new DemoBackendClient(URI.create(ports.demoBackendUrl())), Math.max(consumers, workers.size()),
                    () -> workers.stream().allMatch(Likeness::everyConsumerHasFetched),
                    () -> parts.stream().mapToDouble(StackPart::compilerCpuSeconds).sum(), OUT).run();
            OUT.printf("%nthe local stack is up (customer \"%s\", data and logs in %s)%n", DemoCustomer.NAME, stack.home());
            OUT.printf("  WebSocket   %s%n", ports.gatewayUrl());
            OUT.printf("  verifier    %s%n", ports.verifierUrl());
            OUT.printf("  JWKS        http://localhost:%d/v1/jwks.json%n", ports.auth());
            OUT.printf("  demo page   %s/demo/   (enroll and authenticate with your camera)%n", ports.gatewayOrigin());
            if (observing) {
                LocalPrometheus prometheus = stack.prometheus();
                OUT.printf("  Prometheus  %s   (%d rules loaded; alerts: %s/alerts)%n", prometheus.url(), prometheus.rulesLoaded(),
                        prometheus.url());
            }
            OUT.printf("%ntry:  ./likeness enroll --username grace --images testdata/faces/grace-hopper%n");
            OUT.printf("      ./likeness auth --username grace --images testdata/faces/grace-hopper-second-photo%n");
            OUT.printf("      ./likeness auth --username grace --images testdata/faces/eileen-collins%n");
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop everything the stack started.")
    static final class Down implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            stack().down();
            OUT.println("stopped");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "What is running, whether it is ready, and how much memory it holds. Exit 3 when a part is not up.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return stack().status() ? 0 : 3;
        }
    }

    /** Options of enroll and auth. */
    static final class SessionOptions {
        @Option(names = "--username", required = true, paramLabel = "NAME", description = "The user the session is for.")
        String username;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--images", paramLabel = "DIR", description = "JPEG/PNG files, sent in name order, looped like a camera.")
            Path images;

            @Option(names = "--video", paramLabel = "FILE.mjpeg", description = "An MJPEG file (ffmpeg -i in.mp4 -f mjpeg camera.mjpeg).")
            Path video;
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

    /** enroll and auth: the same options and session, for one operation each. */
    abstract static class SessionSubcommand implements Callable<Integer> {
        @Mixin
        SessionOptions options;

        abstract Operation operation();

        @Override
        public Integer call() throws Exception {
            return new SessionCommand(OUT, stack().ports()).run(operation(), options);
        }
    }

    @Command(name = "enroll", mixinStandardHelpOptions = true,
            description = "Enroll a user from image files or a video, with a token from the demo backend; verify the transaction JWT.")
    static final class Enroll extends SessionSubcommand {
        @Override
        Operation operation() {
            return Operation.ENROLL;
        }
    }

    @Command(name = "auth", mixinStandardHelpOptions = true,
            description = "Authenticate a user from image files or a video, with a token from the demo backend; verify the transaction "
                    + "JWT.")
    static final class Auth extends SessionSubcommand {
        @Override
        Operation operation() {
            return Operation.AUTH;
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = "Erase a user of the demo customer (template and lockout state), as the customer's backend does "
                    + "through auth-service's admin API; authentication then answers SERVER_USER_NOT_FOUND. Audited.")
    static final class Erase implements Callable<Integer> {
        @Option(names = "--username", required = true, paramLabel = "NAME", description = "The user to erase.")
        String username;

        @Override
        public Integer call() throws Exception {
            var answer = new DemoBackendClient(URI.create(stack().ports().demoBackendUrl())).erase(username);
            OUT.println(answer.path("erased").asBoolean() ? "erased " + username : "nothing stored for " + username
                    + " (nothing to erase)");
            return 0;
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Lift the lockout of a user of the demo customer, through auth-service's admin API. Audited.")
    static final class Unlock implements Callable<Integer> {
        @Option(names = "--username", required = true, paramLabel = "NAME", description = "The user to unlock.")
        String username;

        @Override
        public Integer call() throws Exception {
            new DemoBackendClient(URI.create(stack().ports().demoBackendUrl())).unlock(username);
            OUT.println("unlocked " + username);
            return 0;
        }
    }

    @Command(name = "fuzz", mixinStandardHelpOptions = true,
            description = "Send generated, mostly broken client messages (protobuf-aware mutations of Start, Frame and Stop, damaged "
                    + "encryption envelopes, random bytes, messages out of order) to the running gateway, one connection per case; "
                    + "check that each ends with a code or a normal close, that no service logs an error, that a real session is "
                    + "served after, and that no live heap grew over 10 %%. Prints what it found; exit 1 if anything.")
    static final class Fuzz implements Callable<Integer> {
        @Option(names = "--messages", paramLabel = "N", defaultValue = "10000",
                description = "Client messages to send (default ${DEFAULT-VALUE}).")
        int messages;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
                description = "Seed: the same seed sends the same cases (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "Connections at once (default ${DEFAULT-VALUE}).")
        int parallel;

        @Option(names = "--images", paramLabel = "DIR", defaultValue = "testdata/faces/grace-hopper",
                description = "A face whose frames the valid messages carry (default ${DEFAULT-VALUE}).")
        Path images;

        @Override
        public Integer call() throws Exception {
            LocalStack stack = stack();
            DemoBackendClient backend = new DemoBackendClient(URI.create(stack.ports().demoBackendUrl()));
            DemoBackendClient.SessionConfig config = backend.config();
            byte[] face;
            try (var files = Files.list(images)) {
                face = Files.readAllBytes(files.filter(file -> file.toString().endsWith(".jpg")).sorted().findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no .jpg in " + images)));
            }
            var fuzzer = new ProtocolFuzzer(new ProtocolFuzzer.Target(config.gateway(),
                    config.customer(), config.keyId(), config.imageKey(), face, backend::userToken), seed, parallel);
            OUT.printf("fuzzing %s with %d messages (seed %d, %d at once)%n", config.gateway(), messages, seed, parallel);
            var verdict = FuzzRun.run(stack, fuzzer, messages, () -> {
                String username = "after-fuzz-" + UUID.randomUUID().toString().substring(0, 8);
                return new SessionClient(config.gateway(), 10, Duration.ofSeconds(60))
                        .run(backend.request(config, username, Operation.ENROLL, "fuzz check"), FrameSource.images(images), timing -> { });
            }, FuzzRun.SETTLE, OUT);
            FuzzRun.print(verdict, OUT);
            return verdict.failures().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true,
            description = "Kill one part of the local stack at once (SIGKILL), as a crash would: a service process as `status` names it "
                    + "(quality-service-2, auth-relay, ...) or kafka. `restart` brings it back.")
    static final class Kill implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "PART", description = "The part, as `./likeness status` lists it.")
        String part;

        @Override
        public Integer call() throws Exception {
            stack().kill(part);
            OUT.println("killed " + part);
            return 0;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Stop one part of the local stack if it runs (SIGTERM) and start it again as `up` did; waits until it is ready "
                    + "(for kafka, until the consumer groups own every partition again).")
    static final class Restart implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "PART", description = "The part, as `./likeness status` lists it.")
        String part;

        @Override
        public Integer call() throws Exception {
            stack().cycle(part);
            OUT.println("restarted " + part);
            return 0;
        }
    }

    @Command(name = "rotate-signing-key", mixinStandardHelpOptions = true,
            description = "Replace the local stack's transaction-JWT signing key: auth-service restarts signing with a new kid and "
                    + "publishing the old key beside it in the JWKS until its tokens have expired; running verifiers fetch the new "
                    + "key on its unknown kid. Sessions starting during the restart get SERVER_UNAVAILABLE.")
    static final class RotateSigningKey implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            OUT.println("signing with the new key " + stack().rotateSigningKey() + "; the previous key stays in the JWKS for 5 minutes");
            return 0;
        }
    }

    @Command(name = "rotate-template-key", mixinStandardHelpOptions = true,
            description = "Replace the local stack's template key (templates at rest are sealed with it): auth-service restarts "
                    + "with the new key and the old, re-seals every template with the new key, and the old key file is deleted "
                    + "once no template needs it. Sessions starting during the restart get SERVER_UNAVAILABLE.")
    static final class RotateTemplateKey implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            LocalStack.TemplateReseal reseal = stack().rotateTemplateKey();
            OUT.printf("templates: %d re-sealed, %d already on the new key, %d changed meanwhile, %d unreadable%n",
                    reseal.resealed(), reseal.alreadyCurrent(), reseal.changedMeanwhile(), reseal.unreadable());
            if (reseal.unreadable() > 0) {
                OUT.println("some templates open with no configured key: the previous key files are kept; see auth-service's log");
                return 1;
            }
            OUT.println("every template is sealed with the new key; the previous key file was deleted");
            return 0;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Load the running stack with many concurrent sessions from this one process (real encryption, real tokens): "
                    + "per step, rates, round trips, drops, errors and CPU per answered frame of each process; the raw engine's "
                    + "throughput in the same run; the knee of a sweep. Writes CSV, JSON and HTML under .likeness/bench/.")
    static final class Bench implements Callable<Integer> {
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
            dev.likeness.cli.bench.Bench.Kind kind;
            try {
                kind = dev.likeness.cli.bench.Bench.Kind.valueOf(operation.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--operation must be auth, enroll, stream or mixed, not " + operation);
            }
            LocalStack stack = stack();
            return new dev.likeness.cli.bench.Bench(stack, new DemoBackendClient(URI.create(stack.ports().demoBackendUrl())), OUT)
                    .run(new dev.likeness.cli.bench.Bench.Settings(counts, fps, Duration.ofSeconds(duration), images, kind,
                    Duration.ofSeconds(warmUp)));
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Genuine and impostor descriptor distances on your own photos (one sub-folder per person), "
                    + "and the false-accept and false-reject rates at the threshold and around it.")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--faces", required = true, paramLabel = "DIR",
                description = "One sub-folder per person, any number of photos each.")
        Path faces;

        @Option(names = "--threshold", paramLabel = "T",
                description = "The threshold to report at (default: the model's published operating point, 0.6).")
        Double threshold;

        @Override
        public Integer call() throws Exception {
            return new FaceEvaluation(FaceFinder.withModels(), new FaceDescriber(), OUT)
                    .run(faces, threshold == null ? FaceDescriber.PUBLISHED_THRESHOLD : threshold);
        }
    }

    @Command(name = "benchmark-engine", mixinStandardHelpOptions = true,
            description = "CPU per frame of each face-engine stage, on one thread; then each model's forward pass on OpenCV DNN and on "
                    + "ONNX Runtime.")
    static final class BenchmarkEngine implements Callable<Integer> {
        @Option(names = "--photo", paramLabel = "FILE", defaultValue = "testdata/faces/grace-hopper/frame-01.jpg",
                description = "The photo a 640x480 frame is made of (default ${DEFAULT-VALUE}).")
        Path photo;

        @Option(names = "--frames", paramLabel = "N", defaultValue = "100", description = "Frames a round (default ${DEFAULT-VALUE}).")
        int frames;

        @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
                description = "Rounds; medians are reported (default ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            return new EngineBenchmark(OUT).run(photo, frames, rounds);
        }
    }

    /** enroll and auth: a client session with the demo backend's token, then the backend's verdict on the JWT. */
    record SessionCommand(PrintStream out, StackPorts ports) {

        int run(Operation operation, SessionOptions options) throws Exception {
            FrameSource frames;
            String source;
            if (options.source.images != null) {
                frames = FrameSource.images(options.source.images);
                source = frames.size() + " image(s) from " + options.source.images;
            } else {
                frames = FrameSource.mjpeg(options.source.video);
                source = frames.size() + " frame(s) of " + options.source.video;
            }
            String op = operation.name().toLowerCase(Locale.ROOT);
            String transactionData = options.transactionData != null ? options.transactionData : op + " " + options.username + " "
                    + Instant.now();

            DemoBackendClient backend = new DemoBackendClient(URI.create(ports.demoBackendUrl()));
            DemoBackendClient.SessionConfig config = backend.config();
            out.printf("%s %s with %s at %d frames/s%n", op, options.username, source, options.fps);
            SessionClient client = new SessionClient(config.gateway(), options.fps, Duration.ofSeconds(options.timeout));
            SessionReport report = client.run(backend.request(config, options.username, operation, transactionData),
                    frames, timing -> {
                        if (!options.quiet) {
                            out.printf("  frame %3d  %7.1f ms  %s%n", timing.sequence(), timing.roundTripMillis(),
                                    timing.accepted() ? "accepted" : "rejected: " + String.join(", ", timing.triggered()));
                        }
                    });

            int status;
            if (report.finished()) {
                out.printf("finished: transaction JWT%n  %s%n", report.transactionJwt().get());
                DemoBackendClient.Verification verdict = backend.verify(report.transactionJwt().get(), operation, transactionData);
                if (verdict.valid()) {
                    out.printf("jwt-verifier: valid (sub=%s, aud=%s, op=%s, td=\"%s\")%n", verdict.claims().path("sub").asText(),
                            verdict.claims().path("aud").isArray() ? verdict.claims().path("aud").get(0).asText()
                            : verdict.claims().path("aud").asText(),
                            verdict.claims().path("op").asText(), verdict.claims().path("td").asText());
                    status = 0;
                } else {
                    out.printf("jwt-verifier: INVALID (%s)%n", verdict.reason());
                    status = 1;
                }
            } else {
                out.printf("error: %s%s%n", report.error().map(Enum::name).orElse("NO_OUTCOME"),
                        report.errorMessage().isBlank() ? "" : " (" + report.errorMessage() + ")");
                status = 1;
            }
            printFigures(report);
            return status;
        }

        private void printFigures(SessionReport report) {
            out.println("figures:");
            if (!report.answered().isEmpty()) {
                out.printf("  round trip (frame sent -> its result): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms over %d frames%n",
                        report.roundTripPercentile(50), report.roundTripPercentile(95), report.roundTripPercentile(99),
                        report.answered().size());
            }
            out.printf("  frames: %d sent (%.1f/s), %d answered (%.1f/s), %d accepted, session %.2f s%n",
                    report.framesSent(), report.framesSentPerSecond(), report.answered().size(), report.framesAnsweredPerSecond(),
                    report.acceptedFrames(), report.sessionSeconds());
            report.firstAcceptedToDecisionMillis().ifPresent(ms ->
                    out.printf("  first accepted frame -> decision: %.0f ms%n", ms));
        }
    }
}
