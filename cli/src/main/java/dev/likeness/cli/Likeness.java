package dev.likeness.cli;

import dev.likeness.cli.backend.DemoBackend;
import dev.likeness.cli.client.FrameSource;
import dev.likeness.cli.client.SessionClient;
import dev.likeness.cli.client.SessionReport;
import dev.likeness.cli.engine.EngineBenchmark;
import dev.likeness.cli.engine.FaceEvaluation;
import dev.likeness.cli.stack.DemoCustomer;
import dev.likeness.cli.stack.LocalStack;
import dev.likeness.cli.stack.StackPorts;
import dev.likeness.proto.v1.Operation;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FaceFinder;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./likeness up | down | status | enroll | auth}: the whole pipeline on this machine, and a
 * client that enrolls or authenticates from image files as a browser would from a camera.
 */
public final class Likeness {

    private static final String USAGE = """
            usage: ./likeness <command> [options]

              up                       start Kafka, PostgreSQL and every service on embedded defaults
              down                     stop everything the stack started
              status                   what is running, ready, and how much memory it holds
              enroll --username NAME (--images DIR | --video FILE.mjpeg) [options]
              auth   --username NAME (--images DIR | --video FILE.mjpeg) [options]
              evaluate --faces DIR [--threshold T]
                                       genuine and impostor descriptor distances on your own photos
                                       (one sub-folder per person), false accepts and rejects
              benchmark-engine [--photo FILE] [--frames N] [--rounds N]
                                       CPU per frame of each face-engine stage, one thread

            enroll/auth options:
              --transaction-data TEXT  what the transaction JWT signs as `td` (default: "<op> <name> <time>")
              --fps N                  camera pace, frames per second (default 10)
              --timeout SECONDS        give up after this long (default 60)
              --quiet                  no line per frame, figures only

            Everything the stack writes (keys, logs, Kafka and PostgreSQL data) is under .likeness/
            (or $LIKENESS_HOME). Keys are generated there on first run and never committed.
            """;

    private final PrintStream out = System.out;
    private final LocalStack stack;

    private Likeness(Path repository, Path home) {
        this.stack = new LocalStack(repository, home, out);
    }

    public static void main(String[] args) {
        Path repository = Path.of(System.getProperty("likeness.repository", ".")).toAbsolutePath().normalize();
        String homeSetting = System.getenv("LIKENESS_HOME");
        Path home = homeSetting == null || homeSetting.isBlank() ? repository.resolve(".likeness") : Path.of(homeSetting);
        int status;
        try {
            status = new Likeness(repository, home).run(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("likeness: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            System.err.println("likeness: " + e);
            status = 1;
        }
        System.exit(status);
    }

    private int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> options = options(args);
        return switch (args[0]) {
            case "up" -> up();
            case "down" -> {
                stack.down();
                out.println("stopped");
                yield 0;
            }
            case "status" -> stack.status() ? 0 : 3;
            case "enroll" -> session(Operation.ENROLL, options);
            case "auth" -> session(Operation.AUTH, options);
            case "evaluate" -> new FaceEvaluation(FaceFinder.withModels(), new FaceDescriber(1), out).run(
                    Path.of(required(options, "faces")),
                    Double.parseDouble(options.getOrDefault("threshold", String.valueOf(FaceDescriber.PUBLISHED_THRESHOLD))));
            case "benchmark-engine" -> new EngineBenchmark(out).run(
                    Path.of(options.getOrDefault("photo", "testdata/faces/grace-hopper/frame-01.jpg")),
                    Integer.parseInt(options.getOrDefault("frames", "100")), Integer.parseInt(options.getOrDefault("rounds", "5")));
            default -> throw new IllegalArgumentException("unknown command " + args[0] + "\n" + USAGE);
        };
    }

    private int up() throws Exception {
        try {
            stack.up(StackPorts.defaults());
        } catch (Exception e) {
            out.println("start-up failed; stopping what had started");
            stack.down();
            throw e;
        }
        StackPorts ports = stack.ports();
        out.printf("%nthe local stack is up (customer \"%s\", data and logs in %s)%n", DemoCustomer.NAME, stack.home());
        out.printf("  WebSocket   %s%n", ports.gatewayUrl());
        out.printf("  verifier    %s%n", ports.verifierUrl());
        out.printf("  JWKS        http://localhost:%d/v1/jwks.json%n", ports.auth());
        out.printf("  demo page   %s/demo/   (enroll and authenticate with your camera)%n", ports.gatewayOrigin());
        out.printf("%ntry:  ./likeness enroll --username grace --images testdata/faces/grace-hopper%n");
        out.printf("      ./likeness auth --username grace --images testdata/faces/grace-hopper-second-photo%n");
        out.printf("      ./likeness auth --username grace --images testdata/faces/eileen-collins%n");
        return 0;
    }

    private int session(Operation operation, Map<String, String> options) throws Exception {
        String username = required(options, "username");
        FrameSource frames;
        String source;
        if (options.containsKey("images")) {
            frames = FrameSource.images(Path.of(options.get("images")));
            source = frames.size() + " image(s) from " + options.get("images");
        } else if (options.containsKey("video")) {
            frames = FrameSource.mjpeg(Path.of(options.get("video")));
            source = frames.size() + " frame(s) of " + options.get("video");
        } else {
            throw new IllegalArgumentException("give --images DIR or --video FILE");
        }
        String op = operation.name().toLowerCase(Locale.ROOT);
        String transactionData = options.getOrDefault("transaction-data", op + " " + username + " " + Instant.now());
        int fps = Integer.parseInt(options.getOrDefault("fps", "10"));
        Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout", "60")));
        boolean quiet = options.containsKey("quiet");

        DemoCustomer customer = stack.customer();
        if (!Files.exists(customer.authorizationPrivateKey())) {
            throw new IllegalStateException("no demo customer keys in " + stack.home() + "; run ./likeness up first");
        }
        StackPorts ports = stack.ports();
        DemoBackend backend = new DemoBackend(customer.loadAuthorizationPrivateKey(), DemoCustomer.TOKEN_AUDIENCE,
                URI.create(ports.verifierUrl()));

        out.printf("%s %s with %s at %d frames/s%n", op, username, source, fps);
        SessionClient client = new SessionClient(URI.create(ports.gatewayUrl()), fps, timeout);
        SessionReport report = client.run(new SessionClient.Request(DemoCustomer.NAME, username, operation, transactionData,
                        backend.mintUserToken(username), DemoCustomer.IMAGE_KEY_ID, customer.loadImagePublicKey()),
                frames, timing -> {
                    if (!quiet) {
                        out.printf("  frame %3d  %7.1f ms  %s%n", timing.sequence(), timing.roundTripMillis(),
                                timing.accepted() ? "accepted" : "rejected: " + String.join(", ", timing.triggered()));
                    }
                });

        int status;
        if (report.finished()) {
            out.printf("finished: transaction JWT%n  %s%n", report.transactionJwt().get());
            DemoBackend.Verification verdict = backend.verify(report.transactionJwt().get(), DemoCustomer.NAME, transactionData);
            if (verdict.valid()) {
                out.printf("jwt-verifier: valid (sub=%s, aud=%s, op=%s, td=\"%s\")%n", verdict.claims().path("sub").asText(),
                        verdict.claims().path("aud").isArray() ? verdict.claims().path("aud").get(0).asText() : verdict.claims().path("aud").asText(),
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

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (name.equals("quiet")) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
