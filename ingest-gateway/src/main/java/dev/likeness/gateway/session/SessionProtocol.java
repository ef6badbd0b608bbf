package dev.likeness.gateway.session;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.likeness.gateway.GatewayConfig;
import dev.likeness.gateway.kafka.FramePublisher;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Frame;
import dev.likeness.proto.v1.SessionContext;
import dev.likeness.proto.v1.SessionEvent;
import dev.likeness.proto.v1.Start;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * The WebSocket protocol v1 (client.proto) as a state machine over {@link GatewaySession}:
 * Start is checked before anything else ({@link StartCheck}), frames go to Kafka, session events
 * come back, and every failure ends just that session with one Error carrying its code.
 */
@ApplicationScoped
@Startup // its metrics exist at zero, and its timeout sweep runs, from the start
public class SessionProtocol {

    private static final Logger LOG = Logger.getLogger(SessionProtocol.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofMillis(500);

    private final GatewayConfig config;
    private final SessionRegistry sessions;
    private final StartCheck startCheck;
    private final FramePublisher frames;
    private final ClientReplies replies;
    private final GatewayMetrics metrics;
    private final FrameAdmission<GatewaySession> admission;
    private final SessionEnding ending;
    private final SessionEventDelivery delivery;

    SessionProtocol(GatewayConfig config, SessionRegistry sessions, StartCheck startCheck, FramePublisher frames,
                    ClientReplies replies, GatewayMetrics metrics, Vertx vertx) {
        this.config = config;
        this.sessions = sessions;
        this.startCheck = startCheck;
        this.frames = frames;
        this.replies = replies;
        this.metrics = metrics;
        this.admission = new FrameAdmission<>(config.maxInFlight(), config.targetRoundTrip().toNanos(), config.maxActiveSessions(),
                config.maxActiveSessions(), (session, credit) -> {
                    session.heardFrom(System.nanoTime()); // its idle clock starts again with the credit it may use
                    replies.sendCredit(session, credit);
                });
        this.ending = new SessionEnding(admission, metrics, frames, replies, vertx);
        this.delivery = new SessionEventDelivery(sessions, admission, ending, replies, metrics);
        metrics.watch(admission);
        vertx.setPeriodic(SWEEP_INTERVAL.toMillis(), id -> sweepTimeouts(System.nanoTime()));
    }

    /** A connection opened: one over the instance's connection limit is told so and closed. */
    public void onOpened(GatewaySession session) {
        if (sessions.connections() > config.maxConnections()) {
            ending.limit(session, "connections", ErrorCode.SERVER_UNAVAILABLE, "this server holds its most connections; try again shortly");
        } else if (sessions.connectionsFrom(session.source()) > config.maxConnectionsPerSource()) {
            ending.limit(session, "source_connections", ErrorCode.SERVER_UNAVAILABLE,
                    "too many connections from this address; try again shortly");
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
            ending.error(session, ErrorCode.SERVER_MESSAGE_TOO_LARGE, "message exceeds " + config.maxMessageBytes() + " bytes");
            return;
        }
        ClientMessage message;
        try {
            message = ClientMessage.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            ending.error(session, ErrorCode.SERVER_MALFORMED_MESSAGE, "not a ClientMessage");
            return;
        }
        switch (message.getKindCase()) {
            case START -> onStart(session, message.getStart());
            case FRAME -> onFrame(session, message.getFrame());
            case STOP -> onStop(session);
            case WITHHELD -> onWithheld(session);
            case KIND_NOT_SET -> ending.error(session, ErrorCode.SERVER_MALFORMED_MESSAGE, "empty ClientMessage");
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
            session.ifPresent(s -> ending.error(s, ErrorCode.SERVER_MALFORMED_MESSAGE, "not a WebSocket frame"));
        } else if (session.isEmpty()) {
            metrics.limitEnforced("message_size");
        } else {
            ending.limit(session.get(), "message_size", ErrorCode.SERVER_MESSAGE_TOO_LARGE,
                    "message exceeds " + config.maxMessageBytes() + " bytes");
        }
    }

    /** A text message is not part of the protocol. */
    public void onTextMessage(GatewaySession session) {
        ending.error(session, ErrorCode.SERVER_MALFORMED_MESSAGE, "text messages are not part of protocol v1");
    }

    /** The client went away; forget the session without telling anyone. */
    public void onClosed(GatewaySession session) {
        ending.closed(session);
        sessions.forget(session);
    }

    /** Passes a session event to its socket; false when no live session of this instance has that id. */
    public boolean deliver(SessionEvent event) {
        return delivery.deliver(event);
    }

    /** Ends connections that never sent a Start and started sessions that went silent; passes on unused turns. */
    void sweepTimeouts(long now) {
        admission.tick();
        for (GatewaySession session : sessions.all()) {
            if (session.state() == GatewaySession.State.AWAITING_START && now - session.openedAt() > config.startTimeout().toNanos()) {
                ending.limit(session, "start_timeout", ErrorCode.SERVER_TIMEOUT,
                        "no Start within " + config.startTimeout().toMillis() + " ms");
            } else if (session.state() == GatewaySession.State.STREAMING && now - session.lastMessageAt() > config.idleTimeout().toNanos()
                    && !admission.isWaiting(session)) { // waiting its turn, a session is silent by design
                ending.limit(session, "idle_timeout", ErrorCode.SERVER_TIMEOUT,
                        "nothing received for " + config.idleTimeout().toSeconds() + " s");
            }
        }
    }

    private void onStart(GatewaySession session, Start start) {
        if (session.state() != GatewaySession.State.AWAITING_START) {
            ending.error(session, ErrorCode.SERVER_FRAME_BEFORE_START, "a session has exactly one Start");
            return;
        }
        StartCheck.Outcome outcome = startCheck.check(start, session.origin());
        if (outcome instanceof StartCheck.Refused refused) {
            refused.limit().ifPresentOrElse(limit -> ending.limit(session, limit, refused.code(), refused.message()),
                    () -> ending.error(session, refused.code(), refused.message()));
            return;
        }
        StartCheck.Admitted admitted = (StartCheck.Admitted) outcome;
        SessionContext context = admitted.context();
        if (!session.start(context, new FrameCredit(config.maxInFlight(), config.frameResultTimeout().toNanos()))) {
            return;
        }
        if (!sessions.started(session, admitted.customer().maxSessions())) {
            ending.limit(session, "customer_sessions", ErrorCode.SERVER_UNAVAILABLE,
                    "this customer has its most sessions open; try again shortly");
            return;
        }
        ending.endAfter(session, config.sessionTimeout());
        metrics.sessionStarted(context.getCustomer(), context.getOperation());
        LOG.debugf("session %s started (%s)", context.getSessionId(), context.getOperation());
        admission.started(session, credit -> replies.sendReady(session, credit));
        if (session.state() == GatewaySession.State.ENDED) {
            admission.ended(session); // it ended while it was being admitted: its place must not stay taken
        }
    }

    private void onFrame(GatewaySession session, Frame frame) {
        if (!streaming(session)) {
            return;
        }
        if (!session.acceptSequence(frame.getSequence())) {
            ending.error(session, ErrorCode.SERVER_MALFORMED_MESSAGE, "frame sequence numbers must increase");
            return;
        }
        GatewaySession.FramesReceived received = session.frameReceived(System.nanoTime());
        if (overFrameRate(session, received.inLastTwoSeconds())) {
            return;
        }
        if (received.total() > config.maxFramesPerSession()) {
            ending.limit(session, "frames_per_session", ErrorCode.SERVER_FRAME_RATE_EXCEEDED,
                    "more than " + config.maxFramesPerSession() + " frames");
            return;
        }
        metrics.frameReceived();
        if (!session.admit(frame.getSequence(), System.nanoTime())) {
            // Beyond the credit Ready granted: not judged, so the client's queue cannot grow in Kafka.
            metrics.frameBeyondCredit();
            if (session.framesBeyondCredit() > config.maxFramesBeyondCredit()) {
                ending.error(session, ErrorCode.SERVER_FRAME_RATE_EXCEEDED,
                        "frames kept arriving beyond the " + config.maxInFlight() + " in flight Ready allows");
            }
            return;
        }
        session.framePublished();
        frames.publish(session.context(), frame, failure -> {
            LOG.warnf("frame of session %s not published: %s", session.context().getSessionId(), failure.getMessage());
            ending.error(session, ErrorCode.SERVER_UNAVAILABLE, "frames cannot be processed right now");
        });
    }

    /**
     * A frame the client's own checks kept back: it is still there (its idle clock was reset on
     * receipt), and its turn goes to a session with frames to send.
     */
    private void onWithheld(GatewaySession session) {
        if (!streaming(session) || overFrameRate(session, session.withheldReceived(System.nanoTime()))) {
            return;
        }
        metrics.frameWithheld();
        admission.withheld(session);
    }

    private void onStop(GatewaySession session) {
        if (session.state() == GatewaySession.State.AWAITING_START) {
            ending.error(session, ErrorCode.SERVER_FRAME_BEFORE_START, "Start must come first");
            return;
        }
        ending.stopped(session);
    }

    /** Frames and Withheld come only after Start; before, the session ends. */
    private boolean streaming(GatewaySession session) {
        if (session.state() != GatewaySession.State.STREAMING) {
            ending.error(session, ErrorCode.SERVER_FRAME_BEFORE_START, "Start must come first");
            return false;
        }
        return true;
    }

    /** Ends a session whose camera frames (sent or withheld) in the last two seconds exceed twice the configured rate. */
    private boolean overFrameRate(GatewaySession session, long inLastTwoSeconds) {
        if (inLastTwoSeconds > 2L * 2 * config.frameRate()) {
            ending.limit(session, "frame_rate", ErrorCode.SERVER_FRAME_RATE_EXCEEDED, "more than " + 2 * config.frameRate() + " frames/s");
            return true;
        }
        return false;
    }
}
