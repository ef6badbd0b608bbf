package dev.likeness.cli;

import dev.likeness.client.CustomerBackend;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.proto.v1.Operation;
import dev.likeness.subjects.FollowingChallenge;
import dev.likeness.subjects.PoseFrames;

import java.io.PrintStream;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One enrollment and one authentication against a deployed stack, as a user and a customer's
 * backend would run them: the backend mints each session's user token, the simulated subject of
 * the bundled portrait plays the camera (following a challenge when the customer's policy asks for
 * one), and the backend verifies each transaction JWT at jwt-verifier. A fresh user each time, so it
 * runs against production without touching real accounts (erase it with the admin API after).
 */
public final class SmokeCheck {

    static final int FPS = 15;
    static final Duration SESSION_LIMIT = Duration.ofSeconds(60);

    /** Where the stack is and who the check acts as: a customer, its image key, its backend's keys. */
    public record Target(URI gateway, Map<String, String> handshakeHeaders, String customer, String imageKeyId, PublicKey imageKey,
                         CustomerBackend backend) {
    }

    /** One session's outcome: whether it ended with a JWT the verifier accepted, and what the check saw. */
    public record Verdict(Operation operation, boolean passed, String detail) {
    }

    private final Target target;

    public SmokeCheck(Target target) {
        this.target = target;
    }

    /** Runs the enrollment, then (if it passed) the authentication; prints a line for each. */
    public List<Verdict> run(PrintStream out) throws Exception {
        String user = "likeness-smoke-" + UUID.randomUUID();
        out.printf("smoke: user %s at %s%n", user, target.gateway());
        List<Verdict> verdicts = new ArrayList<>();
        try (PoseFrames portrait = BundledSubject.render()) {
            for (Operation operation : List.of(Operation.ENROLL, Operation.AUTH)) {
                Verdict verdict = session(user, operation, portrait);
                out.printf("%-6s %s  %s%n", operation.name().toLowerCase(Locale.ROOT), verdict.passed() ? "pass" : "FAIL",
                        verdict.detail());
                verdicts.add(verdict);
                if (!verdict.passed()) {
                    break;
                }
            }
        }
        return verdicts;
    }

    private Verdict session(String user, Operation operation, PoseFrames portrait) throws Exception {
        String op = operation.name().toLowerCase(Locale.ROOT);
        String transaction = "likeness smoke check: " + op;
        SessionClient client = new SessionClient(target.gateway(), FPS, SESSION_LIMIT, target.handshakeHeaders());
        SessionReport report = client.run(new SessionClient.Request(target.customer(), user, operation, transaction,
                target.backend().mintUserToken(user, op, transaction), target.imageKeyId(), target.imageKey()),
                FollowingChallenge.of(portrait), timing -> { });
        if (!report.finished()) {
            return new Verdict(operation, false, report.error().map(Enum::name).orElse("no outcome") + " " + report.errorMessage());
        }
        CustomerBackend.Verification verified = target.backend().verify(report.transactionJwt().orElseThrow(), target.customer(), user, op,
                transaction);
        String detail = String.format(Locale.ROOT, "%.1f s, %d frames; jwt-verifier: %s", report.sessionSeconds(), report.framesSent(),
                verified.valid() ? "valid, liveness " + verified.claims().path("liveness").path("result").asText("?") : verified.reason());
        return new Verdict(operation, verified.valid(), detail);
    }
}
