package dev.likeness.gateway.session;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The sessions whose sockets this gateway instance holds, by connection id and by session id. */
@ApplicationScoped
public class SessionRegistry {

    private final Map<String, GatewaySession> byConnection = new ConcurrentHashMap<>();
    private final Map<String, GatewaySession> bySessionId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sessionsByCustomer = new ConcurrentHashMap<>();

    SessionRegistry(MeterRegistry meters) {
        meters.gaugeMapSize("likeness.gateway.sessions.active", List.of(), bySessionId);
    }

    public GatewaySession opened(WebSocketConnection connection) {
        return byConnection.computeIfAbsent(connection.id(), id -> new GatewaySession(connection));
    }

    public Optional<GatewaySession> byConnection(WebSocketConnection connection) {
        return Optional.ofNullable(byConnection.get(connection.id()));
    }

    public Optional<GatewaySession> bySessionId(String sessionId) {
        return Optional.ofNullable(bySessionId.get(sessionId));
    }

    /** Open connections, started or not. */
    public int connections() {
        return byConnection.size();
    }

    /** Every open connection's attempt, for the periodic timeout sweep. */
    Collection<GatewaySession> all() {
        return byConnection.values();
    }

    /**
     * Registers a started session, unless its customer has {@code maxSessions} here already;
     * false then. Counting and checking are one step, so concurrent Starts cannot overshoot.
     */
    boolean started(GatewaySession session, int maxSessions) {
        AtomicInteger count = sessionsByCustomer.computeIfAbsent(session.context().getCustomer(),
                customer -> new AtomicInteger());
        if (count.incrementAndGet() > maxSessions) {
            count.decrementAndGet();
            return false;
        }
        bySessionId.put(session.context().getSessionId(), session);
        return true;
    }

    void forget(GatewaySession session) {
        byConnection.remove(session.connection().id());
        if (session.context() != null && bySessionId.remove(session.context().getSessionId()) != null) {
            sessionsByCustomer.get(session.context().getCustomer()).decrementAndGet();
        }
    }
}
