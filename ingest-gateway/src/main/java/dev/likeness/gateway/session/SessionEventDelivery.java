package dev.likeness.gateway.session;

import dev.likeness.proto.v1.FrameResult;
import dev.likeness.proto.v1.ServerMessage;
import dev.likeness.proto.v1.SessionEvent;

/**
 * Passes the pipeline's session events to the socket of the session they are for: frame results
 * (timing the round trip and steering the flow control), progress, and the decision.
 */
final class SessionEventDelivery {

    private final SessionRegistry sessions;
    private final FrameAdmission<GatewaySession> admission;
    private final SessionEnding ending;
    private final ClientReplies replies;
    private final GatewayMetrics metrics;

    SessionEventDelivery(SessionRegistry sessions, FrameAdmission<GatewaySession> admission, SessionEnding ending,
                         ClientReplies replies, GatewayMetrics metrics) {
        this.sessions = sessions;
        this.admission = admission;
        this.ending = ending;
        this.replies = replies;
        this.metrics = metrics;
    }

    /** False when no live session of this instance has the event's session id. */
    boolean deliver(SessionEvent event) {
        var found = sessions.bySessionId(event.getSessionId());
        if (found.isEmpty() || found.get().state() != GatewaySession.State.STREAMING) {
            return false;
        }
        GatewaySession session = found.get();
        switch (event.getKindCase()) {
            case FRAME_RESULT -> frameResult(session, event.getFrameResult());
            case PROGRESS -> replies.send(session, ServerMessage.newBuilder().setProgress(event.getProgress()).build());
            case CHALLENGE -> replies.send(session, ServerMessage.newBuilder().setChallenge(event.getChallenge()).build());
            case FINISHED -> ending.finished(session, event.getFinished());
            case ERROR -> {
                ending.decided(session);
                ending.error(session, event.getError().getCode(), event.getError().getMessage());
            }
            case KIND_NOT_SET -> {
                return false;
            }
        }
        return true;
    }

    private void frameResult(GatewaySession session, FrameResult result) {
        long now = System.nanoTime();
        session.answered(result.getSequence(), result.getAccepted(), now).ifPresent(receivedAt -> {
            metrics.frameRoundTrip(now - receivedAt);
            // Before the result: a session whose turn ends gets its Credit(0) first, so it sends nothing more.
            admission.answered(session, now - receivedAt);
        });
        replies.send(session, ServerMessage.newBuilder().setFrameResult(result).build());
    }
}
