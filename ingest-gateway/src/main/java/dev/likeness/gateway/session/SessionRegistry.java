package dev.likeness.gateway.session;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions whose sockets this gateway instance holds, by connection id and by session id. */
@ApplicationScoped
public class SessionRegistry {

    private final Map<String, GatewaySession> byConnection = new ConcurrentHashMap<>();
    private final Map<String, GatewaySession> bySessionId = new ConcurrentHashMap<>();

    SessionRegistry(MeterRegistry meters) {
        meters.gaugeMapSize("likeness.gateway.sessions.active", java.util.List.of(), bySessionId);
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

    void started(GatewaySession session) {
        bySessionId.put(session.context().getSessionId(), session);
    }

    void forget(GatewaySession session) {
        byConnection.remove(session.connection().id());
        if (session.context() != null) {
            bySessionId.remove(session.context().getSessionId());
        }
    }
}
