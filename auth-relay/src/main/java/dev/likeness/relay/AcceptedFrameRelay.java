package dev.likeness.relay;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.likeness.proto.v1.AuthenticationFrame;
import dev.likeness.proto.v1.AuthenticationRequest;
import dev.likeness.proto.v1.FrameEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Forwards likeness.frames-accepted to the authentication service over the session's gRPC stream,
 * and publishes the service's decision on likeness.session-events to the gateway holding the socket.
 * Knows nothing of biometrics: frames stay encrypted here.
 */
@ApplicationScoped
public class AcceptedFrameRelay {

    private static final Logger LOG = Logger.getLogger(AcceptedFrameRelay.class);

    @Inject
    @Channel("session-events")
    Emitter<byte[]> sessionEvents;

    private final SessionStreams streams;
    private final MeterRegistry meters;
    private final Counter forwarded;
    // Held, not looked up per frame: frames overtaken by their decision are common under load.
    private final Counter malformed;
    private final Counter afterDecision;

    AcceptedFrameRelay(SessionStreams streams, MeterRegistry meters) {
        this.streams = streams;
        this.meters = meters;
        this.forwarded = meters.counter("likeness.relay.frames", "outcome", "forwarded");
        this.malformed = meters.counter("likeness.relay.frames", "outcome", "malformed");
        this.afterDecision = meters.counter("likeness.relay.frames", "outcome", "after_decision");
    }

    @Incoming("frames-accepted")
    public void relay(byte[] record) {
        FrameEnvelope envelope;
        try {
            envelope = FrameEnvelope.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            malformed.increment();
            LOG.warn("dropped a record of likeness.frames-accepted that is not a FrameEnvelope");
            return;
        }
        var session = envelope.getSession();
        if (envelope.getSessionEnded()) {
            streams.endedAtGateway(session.getSessionId());
            return;
        }
        if (streams.isDecided(session.getSessionId())) {
            afterDecision.increment();
            return;
        }
        forwarded.increment();
        streams.send(session, AuthenticationRequest.newBuilder().setFrame(AuthenticationFrame.newBuilder()
                        .setSequence(envelope.getSequence()).setImage(envelope.getImage()).setFace(envelope.getFace())
                        .setReceivedAtMs(envelope.getReceivedAtMs())).build(),
                event -> sessionEvents.send(Message.of(event.setSessionId(session.getSessionId())
                                .setEmittedAtMs(System.currentTimeMillis()).build().toByteArray())
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(session.getSessionId()).withPartition(session.getReplyPartition()).build())));
    }
}
