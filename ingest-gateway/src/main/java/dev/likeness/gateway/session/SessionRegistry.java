package dev.likeness.gateway.session;

import dev.likeness.gateway.GatewayConfig;
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
    // Counted and uncounted with merge/computeIfPresent: each an atomic step on its key, so an
    // entry removed at zero is never one another connection is still counting on.
    private final Map<String, Integer> connectionsBySource = new ConcurrentHashMap<>();
    private final Optional<String> clientAddressHeader;

    SessionRegistry(MeterRegistry meters, GatewayConfig config) {
        meters.gaugeMapSize("likeness.gateway.sessions.active", List.of(), bySessionId);
        meters.gaugeMapSize("likeness.gateway.connections.open", List.of(), byConnection);
        this.clientAddressHeader = config.clientAddressHeader();
    }

    /** Registers a connection that has just opened (counted against its source). */
    public GatewaySession opened(WebSocketConnection connection) {
        return byConnection.computeIfAbsent(connection.id(), id -> {
            String source = ClientSource.of(clientAddressHeader,
                    clientAddressHeader.map(header -> connection.handshakeRequest().headers(header)).orElse(List.of()),
                    connection.handshakeRequest().remoteAddress());
            connectionsBySource.merge(source, 1, Integer::sum);
            return new GatewaySession(connection, source);
        });
    }

    /**
     * The session of a connection a message arrived on. A message can be dispatched after its
     * socket closed and its session was forgotten: that one is dropped, never registered again
     * (it would hold a connection slot nobody frees).
     */
    public Optional<GatewaySession> receiving(WebSocketConnection connection) {
        Optional<GatewaySession> known = byConnection(connection);
        return known.isPresent() || connection.isClosed() ? known : Optional.of(opened(connection));
    }

    /** Open connections from {@code source}. */
    int connectionsFrom(String source) {
        return connectionsBySource.getOrDefault(source, 0);
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
        if (byConnection.remove(session.connection().id()) != null) {
            connectionsBySource.computeIfPresent(session.source(), (source, count) -> count == 1 ? null : count - 1);
        }
        if (session.context() != null && bySessionId.remove(session.context().getSessionId()) != null) {
            sessionsByCustomer.get(session.context().getCustomer()).decrementAndGet();
        }
    }
}
