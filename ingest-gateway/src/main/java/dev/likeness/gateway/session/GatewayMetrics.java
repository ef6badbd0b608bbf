package dev.likeness.gateway.session;

import dev.likeness.crypto.UserAuthorization.Refusal;
import dev.likeness.proto.v1.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every meter the gateway's sessions report, registered in one place. Counters with a fixed set of
 * labels exist at zero from the start, so a dashboard reads 0, not "no data".
 */
@ApplicationScoped
public class GatewayMetrics {

    /**
     * The gateway's limits, as the {@code limit} label of likeness_gateway_limits_enforced_total
     * counts them: what a connection or a customer may not exceed, and Starts a draining gateway refused.
     */
    static final List<String> LIMITS = List.of("connections", "source_connections", "start_timeout", "start_field_length",
            "origin", "customer_sessions", "frame_rate", "frames_per_session", "idle_timeout", "message_size", "draining");

    /** The customer label of a session that ended before a customer was verified. */
    static final String NO_CUSTOMER = "none";

    private final MeterRegistry meters;
    private final Counter framesReceived;
    private final Counter framesBeyondCredit;
    /** Frames the clients' own checks kept back (Withheld): a user still finding the camera, not load. */
    private final Counter framesWithheld;
    private final Timer frameRoundTrip;
    private final Timer firstAcceptedToDecision;
    private final Map<String, Counter> limitsEnforced = new HashMap<>();
    private final Map<Refusal, Counter> authorizationRefused = new EnumMap<>(Refusal.class);

    GatewayMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.framesReceived = meters.counter("likeness.gateway.frames.received");
        this.framesBeyondCredit = meters.counter("likeness.gateway.frames.dropped", "reason", "no_credit");
        this.framesWithheld = meters.counter("likeness.gateway.frames.withheld");
        for (Refusal refusal : Refusal.values()) {
            authorizationRefused.put(refusal, meters.counter("likeness.gateway.authorization.refused",
                    "reason", refusal.name().toLowerCase(Locale.ROOT)));
        }
        for (String limit : LIMITS) {
            limitsEnforced.put(limit, meters.counter("likeness.gateway.limits.enforced", "limit", limit));
        }
        this.frameRoundTrip = Timer.builder("likeness.gateway.frame.round.trip")
                .description("from a frame's receipt to its result going out to the client")
                .publishPercentileHistogram().register(meters);
        this.firstAcceptedToDecision = Timer.builder("likeness.gateway.decision")
                .description("from the first accepted frame's result to the session's decision (finished or a refusal)")
                .publishPercentileHistogram().register(meters);
    }

    /** Gauges of the flow control: sessions sending, waiting their turn, the budget and the round-trip target. */
    void watch(FrameAdmission<?> admission) {
        meters.gauge("likeness.gateway.sessions.sending", admission, FrameAdmission::activeSessions);
        meters.gauge("likeness.gateway.sessions.waiting.turn", admission, FrameAdmission::waitingSessions);
        meters.gauge("likeness.gateway.sessions.sending.limit", admission, FrameAdmission::budget);
        meters.gauge("likeness.gateway.round.trip.target.seconds", admission, a -> a.targetNanos() / 1e9);
    }

    void frameReceived() {
        framesReceived.increment();
    }

    void frameBeyondCredit() {
        framesBeyondCredit.increment();
    }

    void frameWithheld() {
        framesWithheld.increment();
    }

    void frameRoundTrip(long nanos) {
        frameRoundTrip.record(nanos, TimeUnit.NANOSECONDS);
    }

    void decisionAfterFirstAccepted(long nanos) {
        firstAcceptedToDecision.record(nanos, TimeUnit.NANOSECONDS);
    }

    void authorizationRefused(Refusal refusal) {
        authorizationRefused.get(refusal).increment();
    }

    /** {@code limit} is one of {@link #LIMITS}. */
    void limitEnforced(String limit) {
        limitsEnforced.get(limit).increment();
    }

    /**
     * A session began for {@code customer}: a configured customer whose token was verified, so the
     * label has as many values as the configuration has customers.
     */
    void sessionStarted(String customer, Operation operation) {
        meters.counter("likeness.gateway.sessions.started", "customer", customer, "operation",
                operation.name().toLowerCase(Locale.ROOT)).increment();
    }

    /**
     * A session ended; {@code customer} is the verified customer, or {@link #NO_CUSTOMER} for a
     * connection that never got past its Start (whatever customer it claimed is not a label value).
     */
    void sessionEnded(String customer, String outcome) {
        meters.counter("likeness.gateway.sessions.ended", "customer", customer, "outcome", outcome).increment();
    }
}
