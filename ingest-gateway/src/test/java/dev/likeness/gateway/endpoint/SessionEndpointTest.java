package dev.likeness.gateway.endpoint;

import com.google.protobuf.ByteString;
import dev.likeness.client.ProtocolConnection;
import dev.likeness.proto.v1.Challenge;
import dev.likeness.proto.v1.ChallengeMove;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.EncryptedImage;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Finished;
import dev.likeness.proto.v1.Frame;
import dev.likeness.proto.v1.FrameEnvelope;
import dev.likeness.proto.v1.FrameResult;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.Progress;
import dev.likeness.proto.v1.ProtocolVersion;
import dev.likeness.proto.v1.ServerMessage;
import dev.likeness.proto.v1.SessionEvent;
import dev.likeness.proto.v1.Start;
import dev.likeness.proto.v1.Stop;
import dev.likeness.proto.v1.Withheld;
import dev.likeness.testsupport.TestHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
class SessionEndpointTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/v1/sessions")
    URI http;

    @Inject
    @Any
    InMemoryConnector kafka;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @TestHTTPResource("/sdk/likeness-headless.js")
    URI sdk;

    @TestHTTPResource("/q/health/ready")
    URI health;

    @BeforeEach
    void setUp() {
        kafka.sink("frames").clear();
    }

    ProtocolConnection connect() throws Exception {
        return ProtocolConnection.open(URI.create(http.toString().replaceFirst("^http", "ws")), WAIT);
    }

    String start(ProtocolConnection connection, String username) throws Exception {
        connection.send(ClientMessage.newBuilder().setStart(Start.newBuilder()
                .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1).setCustomer("demo").setUsername(username)
                .setOperation(Operation.AUTH).setTransactionData("pay 10 EUR")
                .setAuthorizationToken(GatewayTestResources.userToken(username, "auth", "pay 10 EUR")).setKeyId("demo-image-1")).build());
        ServerMessage ready = connection.next(WAIT).orElseThrow();
        assertThat(ready.getKindCase()).isEqualTo(ServerMessage.KindCase.READY);
        return ready.getReady().getSessionId();
    }

    static ClientMessage frame(long sequence) {
        EncryptedImage image = EncryptedImage.newBuilder().setCiphertext(ByteString.copyFromUtf8("x" + sequence)).build();
        return ClientMessage.newBuilder().setFrame(Frame.newBuilder().setSequence(sequence).setImage(image)).build();
    }

    /** Frames published to likeness.frames (not counting end markers). */
    long publishedSequences() throws Exception {
        return published().stream().filter(envelope -> !envelope.getSessionEnded()).count();
    }

    List<FrameEnvelope> published() throws Exception {
        List<FrameEnvelope> envelopes = new ArrayList<>();
        InMemorySink<byte[]> frames = kafka.sink("frames");
        for (Message<byte[]> record : frames.received()) {
            envelopes.add(FrameEnvelope.parseFrom(record.getPayload()));
        }
        return envelopes;
    }

    double metric(String line) throws Exception {
        String body = TestHttp.client().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(line + " ")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    /**
     * Sessions are counted per customer for the per-customer dashboard, and the label's values are
     * the configured customers: a Start naming any other customer is counted under "none", so a
     * client cannot mint label values (series) by making customers up.
     */
    @Test
    void sessionsAreCountedPerVerifiedCustomerAndAClaimedCustomerNeverBecomesALabel() throws Exception {
        String started = "likeness_gateway_sessions_started_total{customer=\"demo\",operation=\"auth\"}";
        String stopped = "likeness_gateway_sessions_ended_total{customer=\"demo\",outcome=\"stopped\"}";
        String refused = "likeness_gateway_sessions_ended_total{customer=\"none\",outcome=\"server_forbidden\"}";
        double startedBefore = metric(started);
        double stoppedBefore = metric(stopped);
        double refusedBefore = metric(refused);
        try (ProtocolConnection connection = connect()) {
            start(connection, "grace");
            connection.send(ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build());
            assertThat(connection.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1000);
        }
        try (ProtocolConnection connection = connect()) {
            connection.send(ClientMessage.newBuilder().setStart(Start.newBuilder()
                    .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1).setCustomer("made-up-customer-7").setUsername("grace")
                    .setOperation(Operation.AUTH).setAuthorizationToken(GatewayTestResources.userToken("grace", "auth", ""))
                    .setKeyId("demo-image-1")).build());
            var error = connection.next(WAIT).orElseThrow().getError();
            assertThat(error.getCode()).isEqualTo(ErrorCode.SERVER_FORBIDDEN);
            assertThat(error.getCodeName()).as("named too, for an SDK older than the code").isEqualTo("SERVER_FORBIDDEN");
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            assertThat(metric(started)).isEqualTo(startedBefore + 1);
            assertThat(metric(stopped)).isEqualTo(stoppedBefore + 1);
            assertThat(metric(refused)).isEqualTo(refusedBefore + 1);
        });
        String body = TestHttp.client().send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).doesNotContain("made-up-customer-7");
    }

    @Test
    void readyGrantsTheConfiguredCredit() throws Exception {
        try (ProtocolConnection connection = connect()) {
            connection.send(ClientMessage.newBuilder().setStart(Start.newBuilder()
                    .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1).setCustomer("demo").setUsername("grace")
                    .setOperation(Operation.AUTH).setAuthorizationToken(GatewayTestResources.userToken("grace", "auth",
                    "")).setKeyId("k")).build());
            var ready = connection.next(WAIT).orElseThrow().getReady();
            assertThat(ready.getMaxInFlight()).isEqualTo(2);
            assertThat(ready.getFrameResultTimeoutMs()).isEqualTo(1000);
            assertThat(ready.hasCredit()).isTrue();
            assertThat(ready.getCredit()).as("an idle gateway: the full credit at once").isEqualTo(2);
            assertThat(ready.getWithheldAccepted()).as("clients may send Withheld").isTrue();
        }
    }

    @Test
    void framesBeyondTheCreditAreDroppedUntilAResultFreesIt() throws Exception {
        String dropped = "likeness_gateway_frames_dropped_total{reason=\"no_credit\"}";
        double droppedBefore = metric(dropped);
        try (ProtocolConnection connection = connect()) {
            String sessionId = start(connection, "grace");
            connection.send(frame(1));
            connection.send(frame(2));
            connection.send(frame(3)); // the third of two credits
            Awaitility.await().atMost(WAIT).until(() -> metric(dropped) == droppedBefore + 1);
            assertThat(publishedSequences()).isEqualTo(2);

            // The result of frame 1 frees one credit: frame 4 goes through, frame 5 does not.
            kafka.source("session-events").send(SessionEvent.newBuilder().setSessionId(sessionId)
                    .setFrameResult(FrameResult.newBuilder().setSequence(1)).build().toByteArray());
            assertThat(connection.next(WAIT).orElseThrow().getFrameResult().getSequence()).isEqualTo(1);
            connection.send(frame(4));
            connection.send(frame(5));
            Awaitility.await().atMost(WAIT).until(() -> metric(dropped) == droppedBefore + 2);
            assertThat(published()).filteredOn(envelope -> envelope.getSession().getSessionId().equals(sessionId))
                    .extracting(FrameEnvelope::getSequence).containsExactly(1L, 2L, 4L);
        }
    }

    @Test
    void anUnansweredFrameStopsCountingAfterTheResultTimeout() throws Exception {
        try (ProtocolConnection connection = connect()) {
            start(connection, "grace");
            connection.send(frame(1));
            connection.send(frame(2));
            Thread.sleep(1200); // the configured frame-result timeout is 1 s: both credits are free again
            connection.send(frame(3));
            connection.send(frame(4));
            Awaitility.await().atMost(WAIT).until(() -> publishedSequences() == 4);
        }
    }

    @Test
    void aClientThatKeepsIgnoringItsCreditIsEnded() throws Exception {
        try (ProtocolConnection connection = connect()) {
            start(connection, "grace");
            for (long sequence = 1; sequence <= 2 + 11; sequence++) { // two credits, then 11 beyond them (10 tolerated)
                connection.send(frame(sequence));
            }
            ServerMessage answer = connection.next(WAIT).orElseThrow();
            assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.SERVER_FRAME_RATE_EXCEEDED);
            assertThat(connection.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1000);
            assertThat(publishedSequences()).isEqualTo(2);
        }
    }

    @Test
    void theSdkIsServedToPagesOfAnyOriginAndNothingElseIs() throws Exception {
        var client = TestHttp.client();
        var sdkResponse = client.send(HttpRequest.newBuilder(sdk).header("Origin", "https://shop.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sdkResponse.statusCode()).isEqualTo(200);
        assertThat(sdkResponse.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(sdkResponse.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        var other = client.send(HttpRequest.newBuilder(health).header("Origin", "https://shop.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    /**
     * A page pins the SDK by version (and its integrity hash): /sdk/<version>/ serves the very bytes
     * of the shipped SDK, cached for good; another version is not there; the unversioned path
     * follows upgrades, so it is revalidated.
     */
    @Test
    void thePinnedVersionServesTheShippedBytesAndOtherVersionsAreNotFound() throws Exception {
        var client = TestHttp.client();
        String version;
        try (var manifest = getClass().getResourceAsStream("/META-INF/resources/sdk/integrity.json")) {
            version = new JsonObject(new String(manifest.readAllBytes(), StandardCharsets.UTF_8)).getString("version");
        }
        var latest = client.send(HttpRequest.newBuilder(sdk).build(), HttpResponse.BodyHandlers.ofByteArray());
        var pinned = client.send(HttpRequest.newBuilder(sdk.resolve("/sdk/" + version + "/likeness-headless.js"))
                .header("Origin", "https://shop.example").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pinned.statusCode()).isEqualTo(200);
        assertThat(pinned.body()).isEqualTo(latest.body());
        assertThat(pinned.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(pinned.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(pinned.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(latest.headers().firstValue("Cache-Control")).contains("no-cache");
        for (String other : List.of("/sdk/0.0.1/likeness-headless.js", "/sdk/" + version + "/no-such-file.js",
                "/sdk/99.0.0-rc.1/models/")) {
            assertThat(client.send(HttpRequest.newBuilder(sdk.resolve(other)).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .as(other).isEqualTo(404);
        }
    }

    /** Not configured to, the gateway does not serve the demo page, whose backend a link's query can choose. */
    @Test
    void theDemoPageIsNotServedUnlessConfigured() throws Exception {
        assertThat(getClass().getResource("/META-INF/resources/demo/index.html")).as("the page is on the classpath").isNotNull();
        for (String path : List.of("/demo/", "/demo/index.html", "/demo/demo.js", "/demo")) {
            var response = TestHttp.client().send(HttpRequest.newBuilder(sdk.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void framesArePublishedKeyedBySessionWithTheVerifiedContext() throws Exception {
        try (ProtocolConnection connection = connect()) {
            String sessionId = start(connection, "grace");
            EncryptedImage image = EncryptedImage.newBuilder().setCiphertext(ByteString.copyFromUtf8("x")).build();
            connection.send(ClientMessage.newBuilder().setFrame(Frame.newBuilder().setSequence(1).setImage(image)).build());

            InMemorySink<byte[]> frames = kafka.sink("frames");
            Awaitility.await().atMost(WAIT).until(() -> frames.received().size() == 1);
            Message<byte[]> published = frames.received().get(0);
            FrameEnvelope envelope = FrameEnvelope.parseFrom(published.getPayload());
            assertThat(published.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey()).isEqualTo(sessionId);
            assertThat(envelope.getSequence()).isEqualTo(1);
            assertThat(envelope.getImage()).isEqualTo(image);
            assertThat(envelope.getSession().getSessionId()).isEqualTo(sessionId);
            assertThat(envelope.getSession().getUsername()).isEqualTo("grace");
            assertThat(envelope.getSession().getTransactionData()).isEqualTo("pay 10 EUR");
            assertThat(envelope.getSession().getGatewayId()).isEqualTo("gateway-test");
            assertThat(envelope.getSession().getReplyPartition()).isEqualTo(2);
        }
    }

    @Test
    void aSessionThatEndsUndecidedAfterItsFramesIsMarkedEndedAfterThemOnTheirKey() throws Exception {
        String sessionId;
        try (ProtocolConnection connection = connect()) {
            sessionId = start(connection, "grace");
            connection.send(frame(1));
            connection.send(ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build());
            assertThat(connection.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1000);
        }
        String id = sessionId;
        Supplier<List<FrameEnvelope>> ofSession = () -> {
            try {
                return published().stream().filter(envelope -> envelope.getSession().getSessionId().equals(id)).toList();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        Awaitility.await().atMost(WAIT).until(() -> ofSession.get().size() == 2);
        FrameEnvelope marker = ofSession.get().get(1);
        assertThat(ofSession.get().get(0).getSequence()).isEqualTo(1);
        assertThat(marker.getSessionEnded()).isTrue();
        assertThat(marker.hasImage()).as("no image in a marker").isFalse();
        assertThat(marker.getSession().getSessionId()).isEqualTo(sessionId);
        InMemorySink<byte[]> frames = kafka.sink("frames");
        assertThat(frames.received().stream().map(record -> record.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey()))
                .as("every record of the session, the marker too, keyed by it: one partition, in order").filteredOn(sessionId::equals)
                .hasSize(2);
    }

    @Test
    void noEndMarkerForAFinishedSessionNorForOneThatSentNoFrame() throws Exception {
        String sessionId, idleId;
        try (ProtocolConnection finished = connect(); ProtocolConnection idle = connect()) {
            sessionId = start(finished, "grace");
            finished.send(frame(1));
            Awaitility.await().atMost(WAIT).until(() -> publishedSequences() == 1);
            kafka.source("session-events").send(SessionEvent.newBuilder().setSessionId(sessionId)
                    .setFinished(Finished.newBuilder().setUsername("grace").setTransactionJwt("a.b.c")).build().toByteArray());
            assertThat(finished.next(WAIT).orElseThrow().hasFinished()).isTrue();
            assertThat(finished.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1000);

            idleId = start(idle, "ada");
            idle.send(ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build());
            assertThat(idle.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1000);
        }
        Thread.sleep(300); // a marker would be published at the end, before the close
        assertThat(published()).filteredOn(envelope -> List.of(sessionId, idleId).contains(envelope.getSession().getSessionId()))
                .extracting(FrameEnvelope::getSessionEnded).containsExactly(false);
    }

    @Test
    void sessionEventsReachTheirSocketAndFinishedEndsIt() throws Exception {
        try (ProtocolConnection connection = connect(); ProtocolConnection bystander = connect()) {
            String sessionId = start(connection, "grace");
            start(bystander, "ada");

            kafka.source("session-events").send(SessionEvent.newBuilder().setSessionId(sessionId)
                    .setFrameResult(FrameResult.newBuilder().setSequence(1).setAccepted(true)).build().toByteArray());
            assertThat(connection.next(WAIT).orElseThrow().getFrameResult().getSequence()).isEqualTo(1);

            kafka.source("session-events").send(SessionEvent.newBuilder().setSessionId(sessionId)
                    .setProgress(Progress.newBuilder().setSequence(1).setFramesUsed(1).setFramesNeeded(5)).build().toByteArray());
            var progress = connection.next(WAIT).orElseThrow().getProgress();
            assertThat(progress.getFramesUsed() + "/" + progress.getFramesNeeded()).isEqualTo("1/5");

            kafka.source("session-events").send(SessionEvent.newBuilder().setSessionId(sessionId)
                    .setChallenge(Challenge.newBuilder().addMoves(ChallengeMove.LOOK_DOWN).addMoves(ChallengeMove.TURN_RIGHT)
                            .setTimeLimitMs(10_000)).build().toByteArray());
            assertThat(connection.next(WAIT).orElseThrow().getChallenge().getMovesList())
                    .containsExactly(ChallengeMove.LOOK_DOWN, ChallengeMove.TURN_RIGHT);

            kafka.source("session-events").send(SessionEvent.newBuilder().setSessionId(sessionId)
                    .setFinished(Finished.newBuilder().setUsername("grace").setTransactionJwt("a.b.c")).build().toByteArray());
            assertThat(connection.next(WAIT).orElseThrow().getFinished().getTransactionJwt()).isEqualTo("a.b.c");
            assertThat(connection.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1000);

            // Nothing of grace's session reached ada's socket.
            assertThat(bystander.next(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void eventsOfUnknownSessionsAndGarbageRecordsAreDroppedHarmlessly() throws Exception {
        kafka.source("session-events").send(new byte[]{0x0A, 0x7F});
        kafka.source("session-events").send(SessionEvent.newBuilder().setSessionId("no-such-session")
                .setFinished(Finished.getDefaultInstance()).build().toByteArray());
        try (ProtocolConnection connection = connect()) {
            start(connection, "grace");
        }
    }

    @Test
    void aSessionWithoutDecisionEndsWithServerTimeout() throws Exception {
        try (ProtocolConnection connection = connect()) {
            start(connection, "grace");
            ServerMessage answer = connection.next(WAIT).orElseThrow();
            assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.SERVER_TIMEOUT);
            assertThat(connection.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1000);
        }
    }

    @Test
    void anErrorEventEndsTheSessionWithItsCode() throws Exception {
        try (ProtocolConnection connection = connect()) {
            String sessionId = start(connection, "grace");
            kafka.source("session-events").send(SessionEvent.newBuilder().setSessionId(sessionId)
                    // CHECKSTYLE.OFF: InlineQualifiedName the protocol's Error, not java.lang.Error
                    .setError(dev.likeness.proto.v1.Error.newBuilder().setCode(ErrorCode.SERVER_FACE_DOES_NOT_MATCH)).build()
                            .toByteArray());
            assertThat(connection.next(WAIT).orElseThrow().getError().getCode()).isEqualTo(ErrorCode.SERVER_FACE_DOES_NOT_MATCH);
        }
    }

    @Test
    void anUnsupportedProtocolVersionIsRefused() throws Exception {
        try (ProtocolConnection connection = connect()) {
            connection.send(ClientMessage.newBuilder().setStart(Start.newBuilder().setCustomer("demo").setUsername("grace")
                    .setOperation(Operation.AUTH).setKeyId("k")
                    .setAuthorizationToken(GatewayTestResources.userToken("grace", "auth", ""))).build());
            assertThat(connection.next(WAIT).orElseThrow().getError().getCode()).isEqualTo(ErrorCode.SERVER_UNSUPPORTED_PROTOCOL_VERSION);
        }
    }

    @Test
    void aWithheldBeforeStartIsRefused() throws Exception {
        try (ProtocolConnection early = connect()) {
            early.send(ClientMessage.newBuilder().setWithheld(Withheld.getDefaultInstance()).build());
            assertThat(early.next(WAIT).orElseThrow().getError().getCode()).isEqualTo(ErrorCode.SERVER_FRAME_BEFORE_START);
        }
    }

    @Test
    void aStopBeforeStartIsRefusedAndAStopAfterStartClosesQuietly() throws Exception {
        ClientMessage stop = ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build();
        try (ProtocolConnection early = connect()) {
            early.send(stop);
            assertThat(early.next(WAIT).orElseThrow().getError().getCode()).isEqualTo(ErrorCode.SERVER_FRAME_BEFORE_START);
        }
        try (ProtocolConnection connection = connect()) {
            start(connection, "grace");
            connection.send(stop);
            assertThat(connection.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1000);
            assertThat(connection.next(Duration.ofMillis(200))).isEmpty();
        }
    }
}
