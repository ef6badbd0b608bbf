package dev.likeness.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.cli.DemoBackendClient;
import dev.likeness.client.Camera;
import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.StackPorts;
import dev.likeness.proto.v1.Operation;
import dev.likeness.subjects.FollowingChallenge;
import dev.likeness.subjects.PoseFrames;
import dev.likeness.vision.FaceFinder;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;

/** enroll and auth: a client session with the demo backend's token, then the backend's verdict on the JWT. */
record SessionRun(PrintStream out, StackPorts ports) {

    int run(Operation operation, SessionOptions options) throws Exception {
        Camera frames;
        String source;
        if (options.source.images != null) {
            FrameSource images = FrameSource.images(options.source.images);
            frames = images;
            source = images.size() + " image(s) from " + options.source.images + " (a recording: it cannot follow a challenge)";
        } else if (options.source.video != null) {
            FrameSource video = FrameSource.mjpeg(options.source.video);
            frames = video;
            source = video.size() + " frame(s) of " + options.source.video + " (a recording: it cannot follow a challenge)";
        } else {
            frames = FollowingChallenge.of(subject(options.source.subject));
            source = "a synthetic subject rendered from " + options.source.subject + " (live: it follows a challenge)";
        }
        String op = operation.name().toLowerCase(Locale.ROOT);
        String transactionData = options.transactionData != null ? options.transactionData : op + " " + options.username + " "
                + Instant.now();

        DemoBackendClient backend = new DemoBackendClient(URI.create(ports.demoBackendUrl()));
        DemoBackendClient.SessionConfig config = backend.config();
        out.printf("%s %s with %s at %d frames/s%n", op, options.username, source, options.fps);
        SessionClient client = new SessionClient(config.gateway(), options.fps, Duration.ofSeconds(options.timeout));
        DemoBackendClient.Login login = backend.login(options.username, operation, transactionData);
        SessionReport report = client.run(backend.request(config, options.username, operation, transactionData, login),
                frames, timing -> {
                    if (!options.quiet) {
                        out.printf("  frame %3d  %7.1f ms  %s%n", timing.sequence(), timing.roundTripMillis(),
                                timing.accepted() ? "accepted" : "rejected: " + String.join(", ", timing.triggered()));
                    }
                });

        report.challenge().ifPresent(challenge -> out.printf("challenge: %s within %.0f s%n", challenge.getMovesList().stream()
                .map(move -> move.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" then ")),
                challenge.getTimeLimitMs() / 1000.0));
        int status;
        if (report.finished()) {
            out.printf("finished: transaction JWT%n  %s%n", report.transactionJwt().get());
            DemoBackendClient.Verification verdict = backend.verify(report.transactionJwt().get(), login);
            if (verdict.valid()) {
                out.printf("jwt-verifier: valid (sub=%s, aud=%s, op=%s, td=\"%s\")%n", verdict.claims().path("sub").asText(),
                        verdict.claims().path("aud").isArray() ? verdict.claims().path("aud").get(0).asText()
                        : verdict.claims().path("aud").asText(),
                        verdict.claims().path("op").asText(), verdict.claims().path("td").asText());
                printLiveness(verdict.claims().path("liveness"));
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

    /** The portrait's subject; the face models are needed only to find its face once. */
    private static PoseFrames subject(Path portrait) throws Exception {
        try (FaceFinder finder = FaceFinder.withModels()) {
            return PoseFrames.of(Files.readAllBytes(portrait), finder, new SecureRandom().nextLong());
        }
    }

    /** The JWT's liveness claim in a line: the result, the policy, and each check's measure. */
    private void printLiveness(JsonNode liveness) {
        if (liveness.isMissingNode()) {
            return;
        }
        JsonNode checks = liveness.path("checks");
        JsonNode structure = checks.path("three_dimensional_structure");
        JsonNode challenge = checks.path("challenge");
        out.printf(Locale.ROOT, "liveness: %s (policy %s, %d frames; %sfrozen feed: %s; 3D structure: %s, parallax share %.2f of "
                        + "%.3f IOD of motion; blink seen: %s)%n", liveness.path("result").asText(), liveness.path("policy").asText(),
                liveness.path("frames").asInt(), challenge.isMissingNode() ? "" : "challenge " + challenge.path("outcome").asText()
                        + " in " + challenge.path("millis").asLong() + " ms; ",
                checks.path("no_movement_from_subject").path("frozen").asBoolean() ? "yes" : "no",
                structure.path("verdict").asText(), structure.path("parallax_share").asDouble(),
                structure.path("similarity_residual").asDouble(), checks.path("blink").path("seen").asBoolean() ? "yes" : "no");
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
