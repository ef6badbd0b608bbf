package dev.likeness.system;

import dev.likeness.client.Camera;
import dev.likeness.client.FrameSource;
import dev.likeness.client.ProtocolConnection;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.crypto.FrameBinding;
import dev.likeness.crypto.ImageEnvelope;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.Frame;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.ProtocolVersion;
import dev.likeness.proto.v1.ServerMessage;
import dev.likeness.proto.v1.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the system tests do over and over: test faces, whole sessions, Start messages. */
final class Sessions {

    static final Path FACES = Path.of("..", "testdata", "faces");
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    /** The transaction data of {@link #start}'s Start, which its token must be minted for. */
    static final String START_TRANSACTION_DATA = "system test";

    private Sessions() {
    }

    static String newUsername(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static FrameSource faces(String folder) throws Exception {
        return FrameSource.images(FACES.resolve(folder));
    }

    static byte[] face(String file) throws Exception {
        return Files.readAllBytes(FACES.resolve(file));
    }

    /** A whole session as a client runs it: 20 frames/s, a minute at most. */
    static SessionReport run(RunningStack.Stack stack, Operation operation, String username, Camera frames,
                             String transactionData) throws Exception {
        SessionClient client = new SessionClient(stack.gateway(), 20, Duration.ofSeconds(60));
        return client.run(new SessionClient.Request(DemoCustomer.NAME, username, operation, transactionData,
                token(stack, username, operation, transactionData), DemoCustomer.IMAGE_KEY_ID, stack.customer().loadImagePublicKey()),
                frames, timing -> { });
    }

    static ClientMessage start(String username, Operation operation, String token, String keyId) {
        return ClientMessage.newBuilder().setStart(Start.newBuilder()
                .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                .setCustomer(DemoCustomer.NAME)
                .setUsername(username)
                .setOperation(operation)
                .setTransactionData(START_TRANSACTION_DATA)
                .setAuthorizationToken(token)
                .setKeyId(keyId)).build();
    }

    /** A frame as a client sends it in the session {@code connection} got Ready for: sealed to that session and sequence. */
    static ClientMessage frame(RunningStack.Stack stack, ProtocolConnection connection, long sequence, byte[] jpeg) throws Exception {
        return ClientMessage.newBuilder().setFrame(Frame.newBuilder().setSequence(sequence)
                .setCapturedAtMs(System.currentTimeMillis())
                .setImage(ImageEnvelope.seal(jpeg, stack.customer().loadImagePublicKey(),
                        FrameBinding.associatedData(connection.sessionId(), sequence)))).build();
    }

    /** Opens a socket and sends a valid Start; asserts Ready. */
    static ProtocolConnection started(RunningStack.Stack stack, String username, Operation operation) throws Exception {
        ProtocolConnection connection = ProtocolConnection.open(stack.gateway(), ANSWER_TIMEOUT);
        connection.send(start(username, operation, token(stack, username, operation, START_TRANSACTION_DATA), DemoCustomer.IMAGE_KEY_ID));
        assertThat(next(connection).getKindCase()).isEqualTo(ServerMessage.KindCase.READY);
        return connection;
    }

    /** The demo backend's token for one session of {@code username}: this operation on this transaction data. */
    static String token(RunningStack.Stack stack, String username, Operation operation, String transactionData) {
        return stack.backend().mintUserToken(username, op(operation), transactionData);
    }

    /** The operation as tokens and jwt-verifier name it: enroll or auth. */
    static String op(Operation operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }

    static ServerMessage next(ProtocolConnection connection) throws Exception {
        return connection.next(ANSWER_TIMEOUT).orElseThrow(() -> new AssertionError("no answer within " + ANSWER_TIMEOUT));
    }
}
