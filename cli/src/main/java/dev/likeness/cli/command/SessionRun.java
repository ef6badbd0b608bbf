package dev.likeness.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.cli.DemoBackendClient;
import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.StackPorts;
import dev.likeness.proto.v1.Operation;
import dev.likeness.subjects.LookingAround;
import dev.likeness.vision.FaceFinder;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** enroll and auth: a client session with the demo backend's token, then the backend's verdict on the JWT. */
record SessionRun(PrintStream out, StackPorts ports) {

    int run(Operation operation, SessionOptions options) throws Exception {
        FrameSource frames;
        String source;
        if (options.source.images != null) {
            frames = FrameSource.images(options.source.images);
            source = frames.size() + " image(s) from " + options.source.images;
        } else if (options.source.video != null) {
            frames = FrameSource.mjpeg(options.source.video);
            source = frames.size() + " frame(s) of " + options.source.video;
        } else {
            frames = FrameSource.of(subjectFrames(options.source.subject, options.fps));
            source = "a synthetic subject rendered from " + options.source.subject + " (" + frames.size() + " frames, looped)";
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

    /** Six seconds of the subject looking around: longer than a session takes, so the loop's seam is rarely seen. */
    private static List<byte[]> subjectFrames(Path portrait, int fps) throws Exception {
        try (FaceFinder finder = FaceFinder.withModels()) {
            return LookingAround.frames(Files.readAllBytes(portrait), finder, fps, 6, new SecureRandom().nextLong());
        }
    }

    /** The JWT's liveness claim in a line: the result, the policy, and each check's measure. */
    private void printLiveness(JsonNode liveness) {
        if (liveness.isMissingNode()) {
            return;
        }
        JsonNode checks = liveness.path("checks");
        JsonNode structure = checks.path("three_dimensional_structure");
        out.printf(Locale.ROOT, "liveness: %s (policy %s, %d frames; frozen feed: %s; 3D structure: %s, residuals %.3f / %.3f IOD; "
                        + "blink seen: %s)%n", liveness.path("result").asText(), liveness.path("policy").asText(),
                liveness.path("frames").asInt(), checks.path("no_movement_from_subject").path("frozen").asBoolean() ? "yes" : "no",
                structure.path("verdict").asText(), structure.path("similarity_residual").asDouble(),
                structure.path("homography_residual").asDouble(), checks.path("blink").path("seen").asBoolean() ? "yes" : "no");
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
