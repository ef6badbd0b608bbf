package dev.likeness.gateway.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.likeness.gateway.session.SessionProtocol;
import dev.likeness.proto.v1.SessionEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads likeness.session-events from this instance's own partition only (assign-seek in
 * application.properties) and hands each event to the socket of its session.
 */
@ApplicationScoped
public class SessionEventRouter {

    public static final String CHANNEL = "session-events";
    private static final Logger LOG = Logger.getLogger(SessionEventRouter.class);

    private final SessionProtocol protocol;
    private final Counter unroutable;

    SessionEventRouter(SessionProtocol protocol, MeterRegistry meters) {
        this.protocol = protocol;
        this.unroutable = meters.counter("likeness.gateway.session.events.unroutable");
    }

    @Incoming(CHANNEL)
    public void route(byte[] value) {
        SessionEvent event;
        try {
            event = SessionEvent.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("dropped a session event that is not a SessionEvent");
            unroutable.increment();
            return;
        }
        if (!protocol.deliver(event)) {
            // The session ended already (e.g. results for frames sent after finished): nothing to tell.
            unroutable.increment();
        }
    }
}
