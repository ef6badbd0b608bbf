package dev.likeness.gateway.kafka;

import dev.likeness.proto.v1.FrameEnvelope;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Publishes encrypted frames to likeness.frames, keyed by session id so a session stays on one partition. */
@ApplicationScoped
public class FramePublisher {

    public static final String CHANNEL = "frames";

    @Inject
    @Channel(CHANNEL)
    Emitter<byte[]> frames;

    /** Sends one frame; {@code onFailure} runs if the broker does not take it. */
    public void publish(FrameEnvelope envelope, Consumer<Throwable> onFailure) {
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
