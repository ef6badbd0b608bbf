package dev.likeness.gateway.session;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.likeness.gateway.GatewayConfig;
import dev.likeness.gateway.authorization.UserAuthorizationVerifier;
import dev.likeness.gateway.kafka.FramePublisher;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.Credit;
import dev.likeness.proto.v1.Error;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Frame;
import dev.likeness.proto.v1.FrameEnvelope;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.ProtocolVersion;
import dev.likeness.proto.v1.Ready;
import dev.likeness.proto.v1.ServerMessage;
import dev.likeness.proto.v1.SessionContext;
import dev.likeness.proto.v1.SessionEvent;
import dev.likeness.proto.v1.Start;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.CloseReason;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket protocol v1 (client.proto) as a state machine over {@link GatewaySession}:
 * Start is verified before anything else, frames go to Kafka, session events come back, and
 * every failure ends just that session with one Error carrying its code.
 */
@ApplicationScoped
@Startup // its metrics exist at zero, and its timeout sweep runs, from the start
public class SessionProtocol {

    /**
     * The gateway's limits, as the {@code limit} label of likeness_gateway_limits_enforced_total
     * counts them (each registered at zero): what a connection or a customer may not exceed.
     */
    static final List<String> LIMITS = List.of("connections", "start_timeout", "start_field_length",
            "origin", "customer_sessions", "frame_rate", "frames_per_session", "idle_timeout", "message_size");
    private static final Logger LOG = Logger.getLogger(SessionProtocol.class);

    private static final Duration SWEEP_INTERVAL = Duration.ofMillis(500);
    /** WebSocket close status of a connection that ended without a close handshake (RFC 6455). */
    private static final int ABNORMAL_CLOSURE = 1006;
    private final GatewayConfig config;
    private final SessionRegistry sessions;
    private final UserAuthorizationVerifier authorization;
    private final FramePublisher frames;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Counter framesReceived;
    private final Counter framesBeyondCredit;
    /** Frames the clients' own checks kept back (Withheld): a user still finding the camera, not load. */
    private final Counter framesWithheld;
    private final Timer frameRoundTrip;
    private final Timer firstAcceptedToDecision;
    private final FrameAdmission<GatewaySession> admission;

    private final Map<String, Counter> limitsEnforced = new HashMap<>();

    /** Each customer's Origin allowlist, built once from configuration. */
    private final Map<String, OriginPolicy> originPolicies = new HashMap<>();

    SessionProtocol(GatewayConfig config, SessionRegistry sessions, UserAuthorizationVerifier authorization,
                    FramePublisher frames, Vertx vertx, MeterRegistry meters) {
        this.config = config;
        this.sessions = sessions;
        this.authorization = authorization;
        this.frames = frames;
        this.vertx = vertx;
        this.meters = meters;
        this.framesReceived = meters.counter("likeness.gateway.frames.received");
        this.framesBeyondCredit = meters.counter("likeness.gateway.frames.dropped", "reason", "no_credit");
        this.framesWithheld = meters.counter("likeness.gateway.frames.withheld");
        // Every refusal reason exists at zero from the start: a dashboard reads 0, not "no data".
        for (UserAuthorizationVerifier.Refusal refusal : UserAuthorizationVerifier.Refusal.values()) {
            meters.counter("likeness.gateway.authorization.refused", "reason", refusal.name().toLowerCase(Locale.ROOT));
        }
        this.frameRoundTrip = Timer.builder("likeness.gateway.frame.round.trip")
                .description("from a frame's receipt to its result going out to the client")
                .publishPercentileHistogram().register(meters);
        this.firstAcceptedToDecision = Timer.builder("likeness.gateway.decision")
                .description("from the first accepted frame's result to the session's decision (finished or a refusal)")
                .publishPercentileHistogram().register(meters);
        this.admission = new FrameAdmission<>(config.maxInFlight(), config.targetRoundTrip().toNanos(), config.maxActiveSessions(),
                config.maxActiveSessions(), (session, credit) -> {
                    session.heardFrom(System.nanoTime()); // its idle clock starts again with the credit it may use
                    send(session, ServerMessage.newBuilder().setCredit(Credit.newBuilder().setMaxInFlight(credit)).build());
                });
        meters.gauge("likeness.gateway.sessions.sending", admission, FrameAdmission::activeSessions);
        meters.gauge("likeness.gateway.sessions.waiting.turn", admission, FrameAdmission::waitingSessions);
        meters.gauge("likeness.gateway.sessions.sending.limit", admission, FrameAdmission::budget);
        meters.gauge("likeness.gateway.round.trip.target.seconds", admission, a -> a.targetNanos() / 1e9);
        config.customers().forEach((name, customer) -> originPolicies.put(name,
                new OriginPolicy(customer.allowedOrigins().orElse(List.of()), customer.allowMissingOrigin())));
        for (String limit : LIMITS) {
            limitsEnforced.put(limit, meters.counter("likeness.gateway.limits.enforced", "limit", limit));
        }
        vertx.setPeriodic(SWEEP_INTERVAL.toMillis(), id -> sweepTimeouts(System.nanoTime()));
    }

    /** Ends the session for a limit it hit, counting it under that limit. */
    private void limit(GatewaySession session, String limit, ErrorCode code, String message) {
        if (session.state() != GatewaySession.State.ENDED) {
            limitsEnforced.get(limit).increment();
        }
        end(session, code, message);
    }

    /** A connection opened: one over the instance's connection limit is told so and closed. */
    public void onOpened(GatewaySession session) {
        if (sessions.connections() > config.maxConnections()) {
            limit(session, "connections", ErrorCode.SERVER_UNAVAILABLE, "this server holds its most connections; try again shortly");
        }
    }

    /** Ends connections that never sent a Start and started sessions that went silent; passes on unused turns. */
    void sweepTimeouts(long now) {
        admission.tick();
        for (GatewaySession session : sessions.all()) {
            if (session.state() == GatewaySession.State.AWAITING_START && now - session.openedAt() > config.startTimeout().toNanos()) {
                limit(session, "start_timeout", ErrorCode.SERVER_TIMEOUT, "no Start within " + config.startTimeout().toMillis() + " ms");
            } else if (session.state() == GatewaySession.State.STREAMING && now - session.lastMessageAt() > config.idleTimeout().toNanos()
                    && !admission.isWaiting(session)) { // waiting its turn, a session is silent by design
                limit(session, "idle_timeout", ErrorCode.SERVER_TIMEOUT, "nothing received for " + config.idleTimeout().toSeconds() + " s");
            }
        }
    }

    /** Handles one binary WebSocket message. */
    public void onMessage(GatewaySession session, byte[] bytes) {
        if (session.state() == GatewaySession.State.ENDED) {
            return;
        }
        session.heardFrom(System.nanoTime());
        // The transport refuses larger messages already (application.properties); this holds should it be configured higher.
        if (bytes.length > config.maxMessageBytes()) {
            end(session, ErrorCode.SERVER_MESSAGE_TOO_LARGE, "message exceeds " + config.maxMessageBytes() + " bytes");
            return;
        }
        ClientMessage message;
        try {
            message = ClientMessage.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            end(session, ErrorCode.SERVER_MALFORMED_MESSAGE, "not a ClientMessage");
            return;
        }
        switch (message.getKindCase()) {
            case START -> onStart(session, message.getStart());
            case FRAME -> onFrame(session, message.getFrame());
            case STOP -> onStop(session);
            case WITHHELD -> onWithheld(session);
            case KIND_NOT_SET -> end(session, ErrorCode.SERVER_MALFORMED_MESSAGE, "empty ClientMessage");
        }
    }

    /**
     * The transport refused a frame and dropped the connection: one over max-message-bytes
     * ({@code tooLarge}), counted as a limit even when the close got here first and the session is
     * gone, or one that breaks the WebSocket protocol. Nothing can be sent any more; this records
     * how the session ended.
     */
    public void onRefusedByTransport(Optional<GatewaySession> session, boolean tooLarge) {
        LOG.debugf("transport refused a frame (%s)", tooLarge ? "too large" : "protocol violation");
        if (!tooLarge) {
            session.ifPresent(s -> end(s, ErrorCode.SERVER_MALFORMED_MESSAGE, "not a WebSocket frame"));
        } else if (session.isEmpty()) {
            limitsEnforced.get("message_size").increment();
        } else {
            limit(session.get(), "message_size", ErrorCode.SERVER_MESSAGE_TOO_LARGE,
                    "message exceeds " + config.maxMessageBytes() + " bytes");
        }
    }

    /** A text message is not part of the protocol. */
    public void onTextMessage(GatewaySession session) {
        end(session, ErrorCode.SERVER_MALFORMED_MESSAGE, "text messages are not part of protocol v1");
    }

    /** The client went away; forget the session without telling anyone. */
    public void onClosed(GatewaySession session) {
        boolean abnormal = session.connection().closeReason() != null
                && session.connection().closeReason().getCode() == ABNORMAL_CLOSURE;
        if (session.end()) {
            // Abnormal: the connection dropped without a close handshake: the network, a crashed
            // client, or the transport refusing a message over max-message-bytes (it does not buffer it).
            outcome(session, abnormal ? "abnormal_close" : "client_closed");
        }
        cancelTimeout(session);
        sessions.forget(session);
    }

    /** Passes a session event to its socket; false when no live session of this instance has that id. */
    public boolean deliver(SessionEvent event) {
        var found = sessions.bySessionId(event.getSessionId());
        if (found.isEmpty() || found.get().state() != GatewaySession.State.STREAMING) {
            return false;
        }
        GatewaySession session = found.get();
        switch (event.getKindCase()) {
            case FRAME_RESULT -> {
                long now = System.nanoTime();
                session.answered(event.getFrameResult().getSequence(), event.getFrameResult().getAccepted(), now)
                        .ifPresent(receivedAt -> {
                            frameRoundTrip.record(now - receivedAt, TimeUnit.NANOSECONDS);
                            // Before the result: a session whose turn ends gets its Credit(0) first, so it sends nothing more.
                            admission.answered(session, now - receivedAt);
                        });
                send(session, ServerMessage.newBuilder().setFrameResult(event.getFrameResult()).build());
            }
            case PROGRESS -> send(session, ServerMessage.newBuilder().setProgress(event.getProgress()).build());
            case FINISHED -> {
                if (session.end()) {
                    decided(session);
                    outcome(session, "finished");
                    sendAndClose(session, ServerMessage.newBuilder().setFinished(event.getFinished()).build());
                }
            }
            case ERROR -> {
                decided(session);
                end(session, event.getError().getCode(), event.getError().getMessage());
            }
            case KIND_NOT_SET -> {
                return false;
            }
        }
        return true;
    }

    private void onStart(GatewaySession session, Start start) {
        if (session.state() != GatewaySession.State.AWAITING_START) {
            end(session, ErrorCode.SERVER_FRAME_BEFORE_START, "a session has exactly one Start");
            return;
        }
        if (start.getProtocolVersion() != ProtocolVersion.PROTOCOL_VERSION_1) {
            end(session, ErrorCode.SERVER_UNSUPPORTED_PROTOCOL_VERSION, "this server speaks protocol version 1");
            return;
        }
        if (start.getCustomer().isBlank() || start.getUsername().isBlank() || start.getKeyId().isBlank()
                || (start.getOperation() != Operation.ENROLL && start.getOperation() != Operation.AUTH)) {
            end(session, ErrorCode.SERVER_MALFORMED_MESSAGE, "Start needs customer, username, operation and key_id");
            return;
        }
        int maxField = config.maxStartFieldLength();
        if (start.getCustomer().length() > maxField || start.getUsername().length() > maxField || start.getKeyId().length() > maxField
                || start.getAuthorizationToken().length() > 16 * maxField
                || start.getTransactionDataBytes().size() > config.maxTransactionDataBytes()) {
            limit(session, "start_field_length", ErrorCode.SERVER_MALFORMED_MESSAGE, "customer, username and key_id take at most "
                    + maxField + " characters, the token " + 16 * maxField + ", transaction data " + config.maxTransactionDataBytes()
                    + " bytes");
            return;
        }
        GatewayConfig.Customer customer = config.customers().get(start.getCustomer());
        if (customer != null && !originPolicies.get(start.getCustomer()).allows(session.origin())) {
            LOG.infof("session start refused for customer %s: origin %s not allowed", start.getCustomer(),
                    session.origin().orElse("(none)"));
            limit(session, "origin", ErrorCode.SERVER_FORBIDDEN, "this page's origin may not open sessions for this customer");
            return;
        }
        try {
            authorization.verify(start.getCustomer(), start.getUsername(), start.getOperation().name().toLowerCase(Locale.ROOT),
                    start.getTransactionData(), start.getAuthorizationToken());
        } catch (UserAuthorizationVerifier.RefusedException e) {
            meters.counter("likeness.gateway.authorization.refused", "reason", e.refusal().name().toLowerCase(Locale.ROOT)).increment();
            if (e.refusal() == UserAuthorizationVerifier.Refusal.LEDGER_UNAVAILABLE) {
                LOG.warnf("session start refused for customer %s: the used-token ledger is unreachable", start.getCustomer());
                end(session, ErrorCode.SERVER_UNAVAILABLE, "sessions cannot be started right now");
                return;
            }
            LOG.infof("session start refused for customer %s: %s", start.getCustomer(), e.refusal());
            end(session, ErrorCode.SERVER_FORBIDDEN, "user authorization refused");
            return;
        }
        SessionContext context = SessionContext.newBuilder()
                .setSessionId(UUID.randomUUID().toString())
                .setCustomer(start.getCustomer())
                .setUsername(start.getUsername())
                .setOperation(start.getOperation())
                .setTransactionData(start.getTransactionData())
                .setKeyId(start.getKeyId())
                .setGatewayId(config.instanceId())
                .setReplyPartition(config.replyPartition())
                .setStartedAtMs(System.currentTimeMillis())
                .build();
        if (!session.start(context, new FrameCredit(config.maxInFlight(), config.frameResultTimeout().toNanos()))) {
            return;
        }
        if (!sessions.started(session, customer.maxSessions())) {
            limit(session, "customer_sessions", ErrorCode.SERVER_UNAVAILABLE,
                    "this customer has its most sessions open; try again shortly");
            return;
        }
        session.timeoutTimerId(vertx.setTimer(config.sessionTimeout().toMillis(),
                id -> end(session, ErrorCode.SERVER_TIMEOUT, "no decision within " + config.sessionTimeout().toSeconds() + " s")));
        meters.counter("likeness.gateway.sessions.started", "operation",
                context.getOperation().name().toLowerCase(Locale.ROOT)).increment();
        LOG.debugf("session %s started (%s)", context.getSessionId(), context.getOperation());
        admission.started(session, credit -> send(session, ServerMessage.newBuilder().setReady(Ready.newBuilder()
                .setSessionId(context.getSessionId())
                .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                .setMaxInFlight(config.maxInFlight())
                .setFrameResultTimeoutMs((int) config.frameResultTimeout().toMillis())
                .setCredit(credit)
                .setWithheldAccepted(true)).build()));
        if (session.state() == GatewaySession.State.ENDED) {
            admission.ended(session); // it ended while it was being admitted: its place must not stay taken
        }
    }

    /**
     * A frame the client's own checks kept back: it is still there (its idle clock was reset on
     * receipt), and its turn goes to a session with frames to send.
     */
    private void onWithheld(GatewaySession session) {
        if (!streaming(session) || overFrameRate(session, session.withheldReceived(System.nanoTime()))) {
            return;
        }
        framesWithheld.increment();
        admission.withheld(session);
    }

    /** Frames and Withheld come only after Start; before, the session ends. */
    private boolean streaming(GatewaySession session) {
        if (session.state() != GatewaySession.State.STREAMING) {
            end(session, ErrorCode.SERVER_FRAME_BEFORE_START, "Start must come first");
            return false;
        }
        return true;
    }

    /** Ends a session whose camera frames (sent or withheld) in the last two seconds exceed twice the configured rate. */
    private boolean overFrameRate(GatewaySession session, long inLastTwoSeconds) {
        if (inLastTwoSeconds > 2L * 2 * config.frameRate()) {
            limit(session, "frame_rate", ErrorCode.SERVER_FRAME_RATE_EXCEEDED, "more than " + 2 * config.frameRate() + " frames/s");
            return true;
        }
        return false;
    }

    private void onFrame(GatewaySession session, Frame frame) {
        if (!streaming(session)) {
            return;
        }
        if (!session.acceptSequence(frame.getSequence())) {
            end(session, ErrorCode.SERVER_MALFORMED_MESSAGE, "frame sequence numbers must increase");
            return;
        }
        GatewaySession.FramesReceived received = session.frameReceived(System.nanoTime());
        if (overFrameRate(session, received.inLastTwoSeconds())) {
            return;
        }
        if (received.total() > config.maxFramesPerSession()) {
            limit(session, "frames_per_session", ErrorCode.SERVER_FRAME_RATE_EXCEEDED,
                    "more than " + config.maxFramesPerSession() + " frames");
            return;
        }
        framesReceived.increment();
        if (!session.admit(frame.getSequence(), System.nanoTime())) {
            // Beyond the credit Ready granted: not judged, so the client's queue cannot grow in Kafka.
            framesBeyondCredit.increment();
            if (session.framesBeyondCredit() > config.maxFramesBeyondCredit()) {
                end(session, ErrorCode.SERVER_FRAME_RATE_EXCEEDED,
                        "frames kept arriving beyond the " + config.maxInFlight() + " in flight Ready allows");
            }
            return;
        }
        session.framePublished();
        frames.publish(FrameEnvelope.newBuilder()
                        .setSession(session.context())
                        .setSequence(frame.getSequence())
                        .setImage(frame.getImage())
                        .setReceivedAtMs(System.currentTimeMillis())
                        .build(),
                failure -> {
                    LOG.warnf("frame of session %s not published: %s", session.context().getSessionId(), failure.getMessage());
                    end(session, ErrorCode.SERVER_UNAVAILABLE, "frames cannot be processed right now");
                });
    }

    private void onStop(GatewaySession session) {
        if (session.state() == GatewaySession.State.AWAITING_START) {
            end(session, ErrorCode.SERVER_FRAME_BEFORE_START, "Start must come first");
            return;
        }
        if (session.end()) {
            outcome(session, "stopped");
            cancelTimeout(session);
            close(session, new CloseReason(CloseReason.NORMAL.getCode(), "stopped"));
        }
    }

    /** Ends the session with an error: one Error message, then a normal close. */
    private void end(GatewaySession session, ErrorCode code, String message) {
        if (!session.end()) {
            return;
        }
        outcome(session, code.name().toLowerCase(Locale.ROOT));
        sendAndClose(session, ServerMessage.newBuilder()
                .setError(Error.newBuilder().setCode(code).setMessage(message)).build());
    }

    /** A decision came for the session: how long it took from its first accepted frame. */
    private void decided(GatewaySession session) {
        session.firstAcceptedAt().ifPresent(first ->
                firstAcceptedToDecision.record(System.nanoTime() - first, TimeUnit.NANOSECONDS));
    }

    /**
     * Counts how the session ended, gives its turn to the next session, and, when the session ended
     * without a decision after frames went out, tells the pipeline (auth-relay then closes the
     * session's stream to auth-service now, not after its idle timeout). Called once per session.
     */
    private void outcome(GatewaySession session, String outcome) {
        admission.ended(session);
        meters.counter("likeness.gateway.sessions.ended", "outcome", outcome).increment();
        if (!"finished".equals(outcome) && session.anyFramePublished()) {
            frames.publishSessionEnded(session.context());
        }
    }

    private void send(GatewaySession session, ServerMessage message) {
        if (!session.connection().isOpen()) {
            return; // the client left meanwhile (e.g. it closed on its decision): nothing to tell it
        }
        session.connection().sendBinary(Buffer.buffer(message.toByteArray())).subscribe().with(ok -> {
        }, failure -> LOG.debugf("send failed: %s", failure.getMessage()));
    }

    private void sendAndClose(GatewaySession session, ServerMessage terminal) {
        cancelTimeout(session);
        if (!session.connection().isOpen()) {
            return;
        }
        session.connection().sendBinary(Buffer.buffer(terminal.toByteArray()))
                .onTermination().invoke(() -> close(session, CloseReason.NORMAL))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("terminal send failed: %s", failure.getMessage()));
    }

    /**
     * Closes the connection unless the client has closed it already, as clients do on a decision:
     * the connection logs a warning on a second close, and under load that was one warning for every
     * few sessions, burying real ones. A client close can still land between the check and the
     * close; that window is now a few instructions, where it was the whole terminal send.
     */
    private void close(GatewaySession session, CloseReason reason) {
        if (session.connection().isClosed()) {
            return;
        }
        session.connection().close(reason).subscribe().with(ok -> {
        }, failure -> LOG.debugf("close failed: %s", failure.getMessage()));
    }

    private void cancelTimeout(GatewaySession session) {
        if (session.timeoutTimerId() >= 0) {
            vertx.cancelTimer(session.timeoutTimerId());
        }
    }
}
