package dev.likeness.gateway.endpoint;

import dev.likeness.gateway.session.SessionProtocol;
import dev.likeness.gateway.session.SessionRegistry;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
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
        sessions.receiving(connection).ifPresent(session -> protocol.onMessage(session, message.getBytes()));
    }

    @OnTextMessage
    public void onText(WebSocketConnection connection, String message) {
        sessions.receiving(connection).ifPresent(protocol::onTextMessage);
    }

    /**
     * The transport refused what the client sent: a frame over max-message-bytes (refused from its
     * header, never buffered) or one that breaks RFC 6455. The transport drops the connection itself;
     * this ends the session and counts it, where otherwise every such client would leave an ERROR
     * with a stack trace in the log. On the event loop, straight from the transport's report: run on
     * a worker, as the other callbacks are, the report was lost for 16 of 150 refusals in a test
     * here, against 2 of 100 on the event loop (ending a session does not block: the timeout sweep
     * does it on the event loop too).
     */
    @OnError
    @NonBlocking
    public void onRefusedFrame(WebSocketConnection connection, CorruptedWebSocketFrameException refused) {
        protocol.onRefusedByTransport(sessions.byConnection(connection),
                WebSocketCloseStatus.MESSAGE_TOO_BIG.equals(refused.closeStatus()));
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        sessions.byConnection(connection).ifPresent(protocol::onClosed);
    }
}
