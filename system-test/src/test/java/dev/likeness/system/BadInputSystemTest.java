package dev.likeness.system;

import com.google.protobuf.ByteString;
import dev.likeness.client.CustomerBackend;
import dev.likeness.client.ProtocolConnection;
import dev.likeness.client.RawWebSocket;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.EncryptedImage;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.ServerMessage;
import dev.likeness.proto.v1.Stop;
import dev.likeness.testsupport.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static dev.likeness.system.Sessions.START_TRANSACTION_DATA;
import static dev.likeness.system.Sessions.face;
import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.frame;
import static dev.likeness.system.Sessions.newUsername;
import static dev.likeness.system.Sessions.next;
import static dev.likeness.system.Sessions.start;
import static dev.likeness.system.Sessions.started;
import static dev.likeness.system.Sessions.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each bad input ends its own session with its error code and a normal close; after each, the
 * pipeline still serves a new session (checked after every test).
 */
@ExtendWith(RunningStack.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadInputSystemTest {

    private RunningStack.Stack stack;

    @AfterEach
    void thePipelineStillServesTheNextSession() throws Exception {
        try (ProtocolConnection next = started(stack, newUsername("next"), Operation.ENROLL)) {
            next.send(frame(stack, next, 1, face("grace-hopper/frame-01.jpg")));
            ServerMessage answer = next(next);
            assertThat(answer.getKindCase()).isEqualTo(ServerMessage.KindCase.FRAME_RESULT);
            assertThat(answer.getFrameResult().getAccepted()).isTrue();
            next.send(ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build());
        }
    }

    private void assertEndsWith(ProtocolConnection connection, ErrorCode code) throws Exception {
        ServerMessage answer = next(connection);
        assertThat(answer.getKindCase()).isEqualTo(ServerMessage.KindCase.ERROR);
        assertThat(answer.getError().getCode()).isEqualTo(code);
        assertThat(connection.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1000);
    }

    private ProtocolConnection open(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        return ProtocolConnection.open(stack.gateway(), Sessions.ANSWER_TIMEOUT);
    }

    @Test
    void aStartWithoutAuthorizationTokenIsForbidden(RunningStack.Stack stack) throws Exception {
        try (ProtocolConnection connection = open(stack)) {
            connection.send(start("alice", Operation.ENROLL, "", DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(connection, ErrorCode.SERVER_FORBIDDEN);
        }
    }

    @Test
    void anInvalidAuthorizationTokenIsForbidden(RunningStack.Stack stack) throws Exception {
        try (ProtocolConnection connection = open(stack)) {
            connection.send(start("alice", Operation.ENROLL, "not.a.jwt", DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(connection, ErrorCode.SERVER_FORBIDDEN);
        }
    }

    @Test
    void aTokenSignedByAnUnknownKeyIsForbidden(RunningStack.Stack stack) throws Exception {
        CustomerBackend impostor = new CustomerBackend(TestKeys.ec().getPrivate(), DemoCustomer.TOKEN_AUDIENCE,
                URI.create(stack.ports().verifierUrl()), stack.customer().loadVerifierCallerKey(),
                Optional.of(stack.customer().tls().caCertificate()));
        try (ProtocolConnection connection = open(stack)) {
            connection.send(start("alice", Operation.ENROLL, impostor.mintUserToken("alice", "enroll", START_TRANSACTION_DATA),
                    DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(connection, ErrorCode.SERVER_FORBIDDEN);
        }
    }

    @Test
    void anExpiredTokenIsForbidden(RunningStack.Stack stack) throws Exception {
        String expired = stack.backend().mintUserToken("alice", "enroll", START_TRANSACTION_DATA,
                Instant.now().minus(Duration.ofMinutes(20)), Duration.ofMinutes(5));
        try (ProtocolConnection connection = open(stack)) {
            connection.send(start("alice", Operation.ENROLL, expired, DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(connection, ErrorCode.SERVER_FORBIDDEN);
        }
    }

    @Test
    void aTokenLivingLongerThanTenMinutesIsForbidden(RunningStack.Stack stack) throws Exception {
        String longLived = stack.backend().mintUserToken("alice", "enroll", START_TRANSACTION_DATA, Instant.now(), Duration.ofHours(1));
        try (ProtocolConnection connection = open(stack)) {
            connection.send(start("alice", Operation.ENROLL, longLived, DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(connection, ErrorCode.SERVER_FORBIDDEN);
        }
    }

    @Test
    void aTokenForAnotherUsernameIsForbidden(RunningStack.Stack stack) throws Exception {
        try (ProtocolConnection connection = open(stack)) {
            connection.send(start("alice", Operation.ENROLL, stack.backend().mintUserToken("mallory", "enroll", START_TRANSACTION_DATA),
                    DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(connection, ErrorCode.SERVER_FORBIDDEN);
        }
    }

    /** The token binds the operation and transaction data the backend authorized; the browser cannot change them. */
    @Test
    void aStartForAnotherOperationOrOtherTransactionDataThanTheTokensIsForbidden(RunningStack.Stack stack) throws Exception {
        String enrollToken = stack.backend().mintUserToken("alice", "enroll", START_TRANSACTION_DATA);
        try (ProtocolConnection connection = open(stack)) {
            connection.send(start("alice", Operation.AUTH, enrollToken, DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(connection, ErrorCode.SERVER_FORBIDDEN);
        }
        ClientMessage changed = start("alice", Operation.ENROLL, stack.backend().mintUserToken("alice", "enroll", START_TRANSACTION_DATA),
                DemoCustomer.IMAGE_KEY_ID);
        changed = changed.toBuilder().setStart(changed.getStart().toBuilder().setTransactionData("pay 10000 EUR to Mallory")).build();
        try (ProtocolConnection connection = open(stack)) {
            connection.send(changed);
            assertEndsWith(connection, ErrorCode.SERVER_FORBIDDEN);
        }
    }

    @Test
    void aConnectionThatNeverSendsStartIsEndedWithinTheStartTimeout(RunningStack.Stack stack) throws Exception {
        long opened = System.nanoTime();
        try (ProtocolConnection connection = open(stack)) {
            assertEndsWith(connection, ErrorCode.SERVER_TIMEOUT);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("the 5 s start timeout, swept every 0.5 s")
                .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(7));
    }

    @Test
    void threeHundredIdleConnectionsDoNotStopARealSessionAndAreEndedOnTime(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        List<ProtocolConnection> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                idle.add(ProtocolConnection.open(stack.gateway(), Sessions.ANSWER_TIMEOUT));
            }
            long whileIdle = System.nanoTime();
            SessionReport served = Sessions.run(stack, Operation.ENROLL, newUsername("beside-idle"), faces("grace-hopper"),
                    "beside 300 idle sockets");
            assertThat(served.finished()).as("a real session beside them: " + served).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - whileIdle)).isLessThan(Duration.ofSeconds(10));
            for (ProtocolConnection connection : idle) {
                assertEndsWith(connection, ErrorCode.SERVER_TIMEOUT);
            }
        } finally {
            idle.forEach(ProtocolConnection::close);
        }
    }

    @Test
    void aPageOfAnotherSiteIsForbidden(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        try (ProtocolConnection connection = ProtocolConnection.open(stack.gateway(), Sessions.ANSWER_TIMEOUT,
                Optional.of("https://evil.example"))) {
            connection.send(start("alice", Operation.ENROLL, stack.backend().mintUserToken("alice", "enroll", START_TRANSACTION_DATA),
                    DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(connection, ErrorCode.SERVER_FORBIDDEN);
        }
    }

    @Test
    void aTokenUsedTwiceIsForbiddenTheSecondTime(RunningStack.Stack stack) throws Exception {
        String token = stack.backend().mintUserToken("alice", "enroll", START_TRANSACTION_DATA);
        try (ProtocolConnection first = open(stack)) {
            first.send(start("alice", Operation.ENROLL, token, DemoCustomer.IMAGE_KEY_ID));
            assertThat(next(first).getKindCase()).isEqualTo(ServerMessage.KindCase.READY);
        }
        try (ProtocolConnection second = open(stack)) {
            second.send(start("alice", Operation.ENROLL, token, DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(second, ErrorCode.SERVER_FORBIDDEN);
        }
    }

    @Test
    void tamperedCiphertextEndsTheSession(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        try (ProtocolConnection connection = started(stack, newUsername("tamper"), Operation.ENROLL)) {
            ClientMessage genuine = frame(stack, connection, 1, face("grace-hopper/frame-01.jpg"));
            EncryptedImage image = genuine.getFrame().getImage();
            byte[] ciphertext = image.getCiphertext().toByteArray();
            ciphertext[ciphertext.length / 2] ^= 0x01;
            connection.send(genuine.toBuilder().setFrame(genuine.getFrame().toBuilder()
                    .setImage(image.toBuilder().setCiphertext(ByteString.copyFrom(ciphertext)))).build());
            assertEndsWith(connection, ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED);
        }
    }

    @Test
    void aFrameCapturedFromOneSessionIsRefusedInAnother(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        String user = newUsername("victim");
        try (ProtocolConnection victim = started(stack, user, Operation.ENROLL);
             ProtocolConnection attacker = started(stack, newUsername("attacker"), Operation.ENROLL)) {
            // A genuine frame of the victim's session, as someone on the path could capture it...
            ClientMessage captured = frame(stack, victim, 1, face("grace-hopper/frame-01.jpg"));
            // ... sent in another session, at the same place: its associated data names the victim's session.
            attacker.send(captured);
            assertEndsWith(attacker, ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED);
            // The victim's own session takes it.
            victim.send(captured);
            assertThat(next(victim).getFrameResult().getAccepted()).isTrue();
        }
    }

    @Test
    void aFrameMovedToAnotherSequenceIsRefused(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        try (ProtocolConnection connection = started(stack, newUsername("moved"), Operation.ENROLL)) {
            ClientMessage sealedForOne = frame(stack, connection, 1, face("grace-hopper/frame-01.jpg"));
            connection.send(sealedForOne.toBuilder().setFrame(sealedForOne.getFrame().toBuilder().setSequence(2)).build());
            assertEndsWith(connection, ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED);
        }
    }

    @Test
    void anUnknownImageKeyIdEndsTheSession(RunningStack.Stack stack) throws Exception {
        String user = newUsername("key");
        try (ProtocolConnection connection = open(stack)) {
            connection.send(start(user, Operation.ENROLL, stack.backend().mintUserToken(user, "enroll", START_TRANSACTION_DATA),
                    "no-such-key"));
            assertThat(next(connection).getKindCase()).isEqualTo(ServerMessage.KindCase.READY);
            connection.send(frame(stack, connection, 1, face("grace-hopper/frame-01.jpg")));
            assertEndsWith(connection, ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED);
        }
    }

    @Test
    void anEncryptedFrameThatIsNoImageEndsTheSession(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        try (ProtocolConnection connection = started(stack, newUsername("garbage"), Operation.ENROLL)) {
            connection.send(frame(stack, connection, 1, "definitely not a JPEG".getBytes()));
            assertEndsWith(connection, ErrorCode.SERVER_MALFORMED_MESSAGE);
        }
    }

    @Test
    void aDegenerateButValidImageIsJudgedLikeAnyFrame(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        BufferedImage strip = new BufferedImage(4000, 2, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(strip, "jpg", jpeg);
        try (ProtocolConnection connection = started(stack, newUsername("strip"), Operation.ENROLL)) {
            connection.send(frame(stack, connection, 1, jpeg.toByteArray()));
            ServerMessage answer = next(connection);
            assertThat(answer.getFrameResult().getAccepted()).isFalse();
            assertThat(answer.getFrameResult().getFiltersList()).anyMatch(f -> f.getName().equals("face_missing") && f.getTriggered());
        }
    }

    @Test
    void anOversizeMessageIsNotBufferedItsConnectionIsDropped(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        String username = newUsername("big");
        try (RawWebSocket raw = RawWebSocket.open(stack.gateway(), Sessions.ANSWER_TIMEOUT)) {
            raw.sendBinary(start(username, Operation.ENROLL, token(stack, username, Operation.ENROLL, START_TRANSACTION_DATA),
                    DemoCustomer.IMAGE_KEY_ID).toByteArray());
            assertThat(ServerMessage.parseFrom(raw.readBinary()).getKindCase()).isEqualTo(ServerMessage.KindCase.READY);
            // Announce 2 MiB, over the 1 MiB limit that is also the transport's, and send only 64 KiB
            // of it: the gateway drops the connection on the header, without waiting for the rest.
            raw.sendBinaryHeader(2 * 1024 * 1024);
            raw.sendMasked(new byte[64 * 1024]);
            assertThat(raw.endedByServer()).as("the connection is dropped within " + Sessions.ANSWER_TIMEOUT).isTrue();
        }
    }

    @Test
    void bytesThatAreNoProtobufEndTheSession(RunningStack.Stack stack) throws Exception {
        try (ProtocolConnection connection = open(stack)) {
            // Field 1, length-delimited, announcing 127 bytes and giving none.
            connection.sendBytes(new byte[]{0x0A, 0x7F});
            assertEndsWith(connection, ErrorCode.SERVER_MALFORMED_MESSAGE);
        }
    }

    @Test
    void aTextMessageEndsTheSession(RunningStack.Stack stack) throws Exception {
        try (ProtocolConnection connection = open(stack)) {
            connection.sendText("{\"start\": {}}");
            assertEndsWith(connection, ErrorCode.SERVER_MALFORMED_MESSAGE);
        }
    }

    @Test
    void aFrameBeforeStartEndsTheSession(RunningStack.Stack stack) throws Exception {
        try (ProtocolConnection connection = open(stack)) {
            connection.send(frame(stack, connection, 1, face("grace-hopper/frame-01.jpg")));
            assertEndsWith(connection, ErrorCode.SERVER_FRAME_BEFORE_START);
        }
    }

    @Test
    void aSecondStartEndsTheSession(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        String user = newUsername("twice");
        try (ProtocolConnection connection = started(stack, user, Operation.ENROLL)) {
            connection.send(start(user, Operation.ENROLL, stack.backend().mintUserToken(user, "enroll", START_TRANSACTION_DATA),
                    DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(connection, ErrorCode.SERVER_FRAME_BEFORE_START);
        }
    }

    @Test
    void aReplayedFrameSequenceEndsTheSession(RunningStack.Stack stack) throws Exception {
        this.stack = stack;
        try (ProtocolConnection connection = started(stack, newUsername("replay"), Operation.ENROLL)) {
            connection.send(frame(stack, connection, 5, face("grace-hopper/frame-01.jpg")));
            connection.send(frame(stack, connection, 5, face("grace-hopper/frame-01.jpg")));
            ServerMessage answer;
            do {
                answer = next(connection);
            } while (answer.hasFrameResult());
            assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.SERVER_MALFORMED_MESSAGE);
        }
    }

    @Test
    void aStartWithoutUsernameIsMalformed(RunningStack.Stack stack) throws Exception {
        try (ProtocolConnection connection = open(stack)) {
            connection.send(start("", Operation.ENROLL, stack.backend().mintUserToken("alice", "enroll", START_TRANSACTION_DATA),
                    DemoCustomer.IMAGE_KEY_ID));
            assertEndsWith(connection, ErrorCode.SERVER_MALFORMED_MESSAGE);
        }
    }

    @Test
    void anUnknownCustomerIsForbidden(RunningStack.Stack stack) throws Exception {
        try (ProtocolConnection connection = open(stack)) {
            ClientMessage start = start("alice", Operation.ENROLL, stack.backend().mintUserToken("alice", "enroll",
                    START_TRANSACTION_DATA), DemoCustomer.IMAGE_KEY_ID);
            connection.send(start.toBuilder().setStart(start.getStart().toBuilder().setCustomer("acme")).build());
            assertEndsWith(connection, ErrorCode.SERVER_FORBIDDEN);
        }
    }
}
