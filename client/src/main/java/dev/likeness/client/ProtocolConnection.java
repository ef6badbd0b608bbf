package dev.likeness.client;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.ServerMessage;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket to the gateway, speaking protocol v1 at the byte level: it can send any bytes
 * (the tests send malformed ones on purpose) and hands over each ServerMessage as it arrives.
 */
public final class ProtocolConnection implements AutoCloseable {

    /** The close the server sent: code and reason. */
    public record Closed(int code, String reason) {
    }

    /**
     * One HTTP client for every connection of this JVM: each client owns a selector thread and an
     * executor, which a JDK 17 client never releases until it is collected, so one per connection
     * cost the bench a thread start and a selector per session. WebSockets opened from one client
     * share only that machinery, not state.
     */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final BlockingQueue<ServerMessage> received;
    private final CompletableFuture<Closed> closed;

    private volatile String sessionId = "";

    private ProtocolConnection(WebSocket socket, BlockingQueue<ServerMessage> received, CompletableFuture<Closed> closed) {
        this.socket = socket;
        this.received = received;
        this.closed = closed;
    }

    public static ProtocolConnection open(URI gateway, Duration timeout) throws Exception {
        return open(gateway, timeout, Optional.empty());
    }

    /**
     * Opens a connection that presents an {@code Origin}, as a browser page of that origin does
     * (a Java client sends none by default).
     */
    public static ProtocolConnection open(URI gateway, Duration timeout, Optional<String> origin) throws Exception {
        return open(gateway, timeout, origin.map(value -> Map.of("Origin", value)).orElse(Map.of()));
    }

    /** Opens a connection whose handshake carries {@code headers} (an Origin, or what a proxy in front adds). */
    public static ProtocolConnection open(URI gateway, Duration timeout, Map<String, String> headers) throws Exception {
        BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
        CompletableFuture<Closed> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                partial.writeBytes(chunk);
                if (last) {
                    try {
                        received.add(ServerMessage.parseFrom(partial.toByteArray()));
                    } catch (InvalidProtocolBufferException e) {
                        closed.completeExceptionally(new IllegalStateException("server sent a message that is not a ServerMessage"));
                    }
                    partial.reset();
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(timeout);
        headers.forEach(builder::header);
        WebSocket socket = builder
                .buildAsync(gateway, listener)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new ProtocolConnection(socket, received, closed);
    }

    public void send(ClientMessage message) {
        sendBytes(message.toByteArray());
    }

    /** Sends raw bytes as one binary message; waits until they are handed to the network. */
    public void sendBytes(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message from the server, or empty if none came within {@code timeout}. */
    public Optional<ServerMessage> next(Duration timeout) throws InterruptedException {
        Optional<ServerMessage> message = Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
        message.filter(ServerMessage::hasReady).ifPresent(ready -> sessionId = ready.getReady().getSessionId());
        return message;
    }

    /** The session id of the Ready read from this connection ("" before one): what frames are bound to (FrameBinding). */
    public String sessionId() {
        return sessionId;
    }

    /** Completes when the server closes the socket. */
    public CompletableFuture<Closed> closed() {
        return closed;
    }

    public boolean isOpen() {
        return !socket.isOutputClosed() && !closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "client done").exceptionally(ignored -> null);
        }
        socket.abort();
    }
}
