package dev.likeness.gateway.kafka;

import dev.likeness.proto.v1.Frame;
import dev.likeness.proto.v1.FrameEnvelope;
import dev.likeness.proto.v1.SessionContext;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Publishes encrypted frames, and the end of sessions that sent them, to likeness.frames, keyed by session id so a session stays on
 * one partition.
 */
@ApplicationScoped
public class FramePublisher {

    public static final String CHANNEL = "frames";
    private static final Logger LOG = Logger.getLogger(FramePublisher.class);

    @Inject
    @Channel(CHANNEL)
    Emitter<byte[]> frames;

    /** Sends one frame of {@code session}; {@code onFailure} runs if the broker does not take it. */
    public void publish(SessionContext session, Frame frame, Consumer<Throwable> onFailure) {
        publish(FrameEnvelope.newBuilder()
                .setSession(session)
                .setSequence(frame.getSequence())
                .setImage(frame.getImage())
                .setReceivedAtMs(System.currentTimeMillis())
                .build(), onFailure);
    }

    /**
     * Publishes the end marker of a session that ended here without a decision, after its frames and
     * on their partition. Best effort: if the broker does not take it, auth-relay's idle timeout
     * still closes the session's stream.
     */
    public void publishSessionEnded(SessionContext session) {
        publish(FrameEnvelope.newBuilder().setSession(session).setSessionEnded(true).setReceivedAtMs(System.currentTimeMillis()).build(),
                failure -> LOG.debugf("end of session %s not published: %s", session.getSessionId(), failure.getMessage()));
    }

    private void publish(FrameEnvelope envelope, Consumer<Throwable> onFailure) {
        Message<byte[]> message = Message.of(envelope.toByteArray())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(envelope.getSession().getSessionId()).build())
                .withAck(() -> CompletableFuture.completedFuture(null))
                .withNack(failure -> {
                    onFailure.accept(failure);
                    return CompletableFuture.completedFuture(null);
                });
        frames.send(message);
    }
}
