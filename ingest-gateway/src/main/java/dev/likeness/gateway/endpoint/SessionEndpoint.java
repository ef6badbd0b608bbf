package dev.likeness.gateway.endpoint;

import dev.likeness.gateway.session.SessionProtocol;
import dev.likeness.gateway.session.SessionRegistry;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;

/** The client WebSocket, protocol v1: binary protobuf ClientMessage in, ServerMessage out. */
@WebSocket(path = "/v1/sessions")
public class SessionEndpoint {

    private final SessionRegistry sessions;
    private final SessionProtocol protocol;

    SessionEndpoint(SessionRegistry sessions, SessionProtocol protocol) {
        this.sessions = sessions;
        this.protocol = protocol;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        protocol.onOpened(sessions.opened(connection));
    }

    @OnBinaryMessage
    public void onBinary(WebSocketConnection connection, Buffer message) {
        protocol.onMessage(sessions.opened(connection), message.getBytes());
    }

    @OnTextMessage
    public void onText(WebSocketConnection connection, String message) {
        protocol.onTextMessage(sessions.opened(connection));
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        sessions.byConnection(connection).ifPresent(protocol::onClosed);
    }
}
