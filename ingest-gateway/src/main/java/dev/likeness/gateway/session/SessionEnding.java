package dev.likeness.gateway.session;

import dev.likeness.gateway.kafka.FramePublisher;
import dev.likeness.proto.v1.Error;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Finished;
import dev.likeness.proto.v1.ServerMessage;
import io.quarkus.websockets.next.CloseReason;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Locale;

/**
 * The one place a session ends, whichever way: each end is counted once by outcome, gives the
 * session's turn to the next one, cancels its timer, and tells the client and the pipeline what
 * they need to know.
 */
final class SessionEnding {

    /** WebSocket close status of a connection that ended without a close handshake (RFC 6455). */
    private static final int ABNORMAL_CLOSURE = 1006;

    private final FrameAdmission<GatewaySession> admission;
    private final GatewayMetrics metrics;
    private final FramePublisher frames;
    private final ClientReplies replies;
    private final Vertx vertx;

    SessionEnding(FrameAdmission<GatewaySession> admission, GatewayMetrics metrics, FramePublisher frames, ClientReplies replies,
                  Vertx vertx) {
        this.admission = admission;
        this.metrics = metrics;
        this.frames = frames;
        this.replies = replies;
        this.vertx = vertx;
    }

    /** Ends the session with SERVER_TIMEOUT unless it ends otherwise within {@code timeout}. */
    void endAfter(GatewaySession session, Duration timeout) {
        session.timeoutTimerId(vertx.setTimer(timeout.toMillis(),
                id -> error(session, ErrorCode.SERVER_TIMEOUT, "no decision within " + timeout.toSeconds() + " s")));
    }

    /** Ends the session for a limit it hit, counting it under that limit. */
    void limit(GatewaySession session, String limit, ErrorCode code, String message) {
        if (session.state() != GatewaySession.State.ENDED) {
            metrics.limitEnforced(limit);
        }
        error(session, code, message);
    }

    /** Ends the session with an error: one Error message, then a normal close. */
    void error(GatewaySession session, ErrorCode code, String message) {
        if (session.end()) {
            ended(session, code.name().toLowerCase(Locale.ROOT));
            // The name too: an SDK built before this code reports the name rather than a code it cannot read.
            Error error = Error.newBuilder().setCode(code).setCodeName(code.name()).setMessage(message).build();
            replies.sendAndClose(session, ServerMessage.newBuilder().setError(error).build());
        }
    }

    /** The pipeline decided: the client gets Finished, then a normal close. */
    void finished(GatewaySession session, Finished finished) {
        if (session.end()) {
            decided(session);
            ended(session, "finished");
            replies.sendAndClose(session, ServerMessage.newBuilder().setFinished(finished).build());
        }
    }

    /** The client asked to stop: closed normally, without an Error. */
    void stopped(GatewaySession session) {
        if (session.end()) {
            ended(session, "stopped");
            replies.close(session, new CloseReason(CloseReason.NORMAL.getCode(), "stopped"));
        }
    }

    /**
     * The connection is gone. Abnormal: it dropped without a close handshake (the network, a
     * crashed client, or the transport refusing a message over max-message-bytes).
     */
    void closed(GatewaySession session) {
        CloseReason reason = session.connection().closeReason();
        if (session.end()) {
            ended(session, reason != null && reason.getCode() == ABNORMAL_CLOSURE ? "abnormal_close" : "client_closed");
        }
        cancelTimeout(session);
    }

    /** A decision came for the session: how long it took from its first accepted frame. */
    void decided(GatewaySession session) {
        session.firstAcceptedAt().ifPresent(first -> metrics.decisionAfterFirstAccepted(System.nanoTime() - first));
    }

    /**
     * Counts how the session ended, gives its turn to the next session, and, when the session ended
     * without a decision after frames went out, tells the pipeline (auth-relay then closes the
     * session's stream to auth-service now, not after its idle timeout). Called once per session.
     */
    private void ended(GatewaySession session, String outcome) {
        admission.ended(session);
        metrics.sessionEnded(session.context() != null ? session.context().getCustomer() : GatewayMetrics.NO_CUSTOMER, outcome);
        cancelTimeout(session);
        if (!"finished".equals(outcome) && session.anyFramePublished()) {
            frames.publishSessionEnded(session.context());
        }
    }

    private void cancelTimeout(GatewaySession session) {
        if (session.timeoutTimerId() >= 0) {
            vertx.cancelTimer(session.timeoutTimerId());
        }
    }
}
