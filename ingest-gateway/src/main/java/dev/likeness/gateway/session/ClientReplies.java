package dev.likeness.gateway.session;

import dev.likeness.gateway.GatewayConfig;
import dev.likeness.proto.v1.Credit;
import dev.likeness.proto.v1.ProtocolVersion;
import dev.likeness.proto.v1.Ready;
import dev.likeness.proto.v1.ServerMessage;
import io.quarkus.websockets.next.CloseReason;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The outbound side of a session's socket: server messages and the close. A client that has gone
 * meanwhile is not an error here; nothing more can be told to it.
 */
@ApplicationScoped
public class ClientReplies {

    private static final Logger LOG = Logger.getLogger(ClientReplies.class);

    private final GatewayConfig config;

    ClientReplies(GatewayConfig config) {
        this.config = config;
    }

    /** The session may stream: its id, the flow-control terms, and its first {@code credit}. */
    void sendReady(GatewaySession session, int credit) {
        send(session, ServerMessage.newBuilder().setReady(Ready.newBuilder()
                .setSessionId(session.context().getSessionId())
                .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                .setMaxInFlight(config.maxInFlight())
                .setFrameResultTimeoutMs((int) config.frameResultTimeout().toMillis())
                .setCredit(credit)
                .setWithheldAccepted(true)).build());
    }

    /** The session may now have {@code credit} frames in flight (0: its turn is over). */
    void sendCredit(GatewaySession session, int credit) {
        send(session, ServerMessage.newBuilder().setCredit(Credit.newBuilder().setMaxInFlight(credit)).build());
    }

    /** Sends {@code message} if the connection is still open. */
    void send(GatewaySession session, ServerMessage message) {
        if (!session.connection().isOpen()) {
            return; // the client left meanwhile (e.g. it closed on its decision): nothing to tell it
        }
        session.connection().sendBinary(Buffer.buffer(message.toByteArray())).subscribe().with(ok -> {
        }, failure -> LOG.debugf("send failed: %s", failure.getMessage()));
    }

    /** Sends the session's last message (Finished or Error), then closes normally. */
    void sendAndClose(GatewaySession session, ServerMessage terminal) {
        if (!session.connection().isOpen()) {
            return;
        }
        session.connection().sendBinary(Buffer.buffer(terminal.toByteArray()))
                .onTermination().invoke(() -> close(session, CloseReason.NORMAL))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("terminal send failed: %s", failure.getMessage()));
    }

    /**
     * Closes the connection unless the client has closed it already, as clients do on a decision:
     * the connection logs a warning on a second close, which under load would bury real warnings.
     * A client close can still land between the check and the close; that window is a few instructions.
     */
    void close(GatewaySession session, CloseReason reason) {
        if (session.connection().isClosed()) {
            return;
        }
        session.connection().close(reason).subscribe().with(ok -> {
        }, failure -> LOG.debugf("close failed: %s", failure.getMessage()));
    }
}
