package dev.likeness.quality.processor;

import com.google.protobuf.ByteString;
import dev.likeness.crypto.FrameBinding;
import dev.likeness.crypto.ImageEnvelope;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Filter;
import dev.likeness.proto.v1.FrameEnvelope;
import dev.likeness.proto.v1.LivenessMeasures;
import dev.likeness.proto.v1.SessionContext;
import dev.likeness.proto.v1.SessionEvent;
import dev.likeness.vision.FaceGreySample;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(QualityTestResources.class)
class FrameQualityProcessorTest {

    static final Path FACES = Path.of("..", "testdata", "faces");

    @Inject
    @Any
    InMemoryConnector kafka;

    InMemorySink<byte[]> events;
    InMemorySink<byte[]> accepted;

    @Inject
    MeterRegistry meters;

    @Inject
    FrameQualityProcessor processor;

    @BeforeEach
    void clear() {
        events = kafka.sink("session-events");
        accepted = kafka.sink("frames-accepted");
        events.clear();
        accepted.clear();
    }

    static FrameEnvelope envelope(String sessionId, String keyId, byte[] image, long receivedAt) {
        return FrameEnvelope.newBuilder()
                .setSession(SessionContext.newBuilder().setSessionId(sessionId).setCustomer("demo").setKeyId(keyId).setReplyPartition(3))
                .setSequence(7).setReceivedAtMs(receivedAt)
                .setImage(ImageEnvelope.seal(image, QualityTestResources.imageKey.getPublic(),
                        FrameBinding.associatedData(sessionId, 7))).build();
    }

    static byte[] photo(String name) throws Exception {
        return Files.readAllBytes(FACES.resolve(name));
    }

    SessionEvent onlyEvent() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> events.received().size() == 1);
        Message<byte[]> message = events.received().get(0);
        OutgoingKafkaRecordMetadata<?> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getPartition()).as("the gateway's reply partition").isEqualTo(3);
        SessionEvent event = SessionEvent.parseFrom(message.getPayload());
        assertThat(metadata.getKey()).isEqualTo(event.getSessionId());
        return event;
    }

    @Test
    void aGoodFrameIsAnsweredOnTheGatewaysPartitionAndForwardedStillEncrypted() throws Exception {
        String session = UUID.randomUUID().toString();
        FrameEnvelope frame = envelope(session, "k1", photo("grace-hopper/frame-01.jpg"), System.currentTimeMillis());
        kafka.source("frames").send(frame.toByteArray());

        SessionEvent event = onlyEvent();
        assertThat(event.getSessionId()).isEqualTo(session);
        assertThat(event.getFrameResult().getSequence()).isEqualTo(7);
        assertThat(event.getFrameResult().getAccepted()).isTrue();
        assertThat(event.getFrameResult().getFiltersList()).extracting(Filter::getName)
                .contains("face_missing", "face_multiple", "face_too_small", "image_metadata_low_light");
        await().atMost(Duration.ofSeconds(5)).until(() -> accepted.received().size() == 1);
        FrameEnvelope forwarded = FrameEnvelope.parseFrom(accepted.received().get(0).getPayload());
        assertThat(forwarded.getImage()).as("still the client's ciphertext").isEqualTo(frame.getImage());
        assertThat(forwarded.toBuilder().clearFace().build()).isEqualTo(frame);
        // ...with where the face is, so auth-service need not detect it again.
        assertThat(forwarded.getFace().getAlignmentPointsCount()).isEqualTo(7);
        assertThat(forwarded.getFace().getKeypointsCount()).isEqualTo(6);
        assertThat(forwarded.getFace().getWidth()).isBetween(100f, 400f);
        // ...and what liveness reads of it: the mesh, the face's grey sample, the open eyes, a frontal pose.
        LivenessMeasures liveness = forwarded.getFace().getLiveness();
        assertThat(liveness.getMeshCount()).isEqualTo(2 * 468);
        assertThat(liveness.getFaceGrey().size()).isEqualTo(FaceGreySample.SIDE * FaceGreySample.SIDE);
        assertThat(liveness.getEyeAspectRatio()).isGreaterThan(0.25f);
        assertThat(Math.abs(liveness.getYaw())).isLessThan(15f);
    }

    @Test
    void aFrameWithoutFaceIsAnsweredWithItsFilterAndNotForwarded() throws Exception {
        kafka.source("frames").send(envelope("s-" + UUID.randomUUID(), "k1", photo("no-face/frame-01.jpg"),
                System.currentTimeMillis()).toByteArray());
        SessionEvent event = onlyEvent();
        assertThat(event.getFrameResult().getAccepted()).isFalse();
        assertThat(event.getFrameResult().getFiltersList()).filteredOn(Filter::getTriggered).extracting(Filter::getName)
                .containsExactly("face_missing");
        assertThat(accepted.received()).isEmpty();
    }

    @Test
    void anUndecryptableFrameEndsItsSession() throws Exception {
        kafka.source("frames").send(envelope("s-unknown-key", "no-such-key", photo("grace-hopper/frame-01.jpg"),
                System.currentTimeMillis()).toByteArray());
        assertThat(onlyEvent().getError().getCode()).isEqualTo(ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED);

        events.clear();
        FrameEnvelope good = envelope("s-tampered", "k1", photo("grace-hopper/frame-01.jpg"), System.currentTimeMillis());
        byte[] ciphertext = good.getImage().getCiphertext().toByteArray();
        ciphertext[0] ^= 1;
        kafka.source("frames").send(good.toBuilder().setImage(good.getImage().toBuilder()
                .setCiphertext(ByteString.copyFrom(ciphertext))).build().toByteArray());
        assertThat(onlyEvent().getError().getCode()).isEqualTo(ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED);
    }

    @Test
    void aDecompressionBombEndsItsSessionFromItsHeader() throws Exception {
        // a real JPEG whose header declares 30000 x 30000 pixels (2.7 GB decoded)
        byte[] bomb = photo("grace-hopper/frame-01.jpg");
        for (int i = 2; i + 8 < bomb.length; i++) {
            if ((bomb[i] & 0xFF) == 0xFF && (bomb[i + 1] & 0xFF) == 0xC0) {
                bomb[i + 5] = (byte) (30000 >> 8);
                bomb[i + 6] = (byte) 30000;
                bomb[i + 7] = (byte) (30000 >> 8);
                bomb[i + 8] = (byte) 30000;
                break;
            }
        }
        kafka.source("frames").send(envelope("s-bomb", "k1", bomb, System.currentTimeMillis()).toByteArray());
        assertThat(onlyEvent().getError().getCode()).isEqualTo(ErrorCode.SERVER_IMAGE_TOO_LARGE);
        assertThat(accepted.received()).isEmpty();
    }

    @Test
    void aFrameSealedForAnotherSessionOrPlaceEndsItsSession() throws Exception {
        FrameEnvelope captured = envelope("s-victim", "k1", photo("grace-hopper/frame-01.jpg"), System.currentTimeMillis());
        kafka.source("frames").send(captured.toBuilder().setSession(captured.getSession().toBuilder().setSessionId("s-attacker"))
                .build().toByteArray());
        assertThat(onlyEvent().getError().getCode()).isEqualTo(ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED);
        events.clear();
        kafka.source("frames").send(captured.toBuilder().setSequence(8).build().toByteArray());
        assertThat(onlyEvent().getError().getCode()).as("moved to another sequence").isEqualTo(ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED);
        assertThat(accepted.received()).isEmpty();
    }

    @Test
    void aFrameThatIsNoImageEndsItsSession() throws Exception {
        kafka.source("frames").send(envelope("s-garbage", "k1", "no image".getBytes(), System.currentTimeMillis()).toByteArray());
        assertThat(onlyEvent().getError().getCode()).isEqualTo(ErrorCode.SERVER_MALFORMED_MESSAGE);
    }

    double frames(String outcome) {
        return meters.get("likeness.quality.frames").tag("outcome", outcome).counter().count();
    }

    @Test
    void staleFramesAndGarbageRecordsAreDroppedCountedAndTheNextFrameIsServed() throws Exception {
        // every outcome exists from the start (dashboards read 0, not "no data")
        for (String outcome : FrameQualityProcessor.OUTCOMES) {
            assertThat(meters.find("likeness.quality.frames").tag("outcome", outcome).counter()).as(outcome).isNotNull();
        }
        double stale = frames("stale");
        double malformed = frames("malformed");
        kafka.source("frames").send(envelope("s-stale", "k1", photo("grace-hopper/frame-01.jpg"),
                System.currentTimeMillis() - 60_000).toByteArray());
        kafka.source("frames").send(new byte[]{0x0A, 0x7F});
        kafka.source("frames").send(envelope("s-next", "k1", photo("grace-hopper/frame-01.jpg"), System.currentTimeMillis()).toByteArray());
        SessionEvent event = onlyEvent();
        assertThat(event.getSessionId()).isEqualTo("s-next");
        assertThat(frames("stale")).isEqualTo(stale + 1);
        assertThat(frames("malformed")).isEqualTo(malformed + 1);
    }

    @Test
    void aSessionsEndMarkerIsPassedOnUnjudgedWhateverItsAgeAndAnswersNobody() throws Exception {
        String session = "s-ended-" + UUID.randomUUID();
        long judged = meters.find("likeness.quality.frame.seconds").timer().count();
        FrameEnvelope marker = FrameEnvelope.newBuilder().setSessionEnded(true).setReceivedAtMs(System.currentTimeMillis() - 60_000)
                .setSession(SessionContext.newBuilder().setSessionId(session).setCustomer("demo").setKeyId("k1").setReplyPartition(3))
                .build();
        kafka.source("frames").send(marker.toByteArray());

        await().atMost(Duration.ofSeconds(5)).until(() -> accepted.received().size() == 1);
        Message<byte[]> forwarded = accepted.received().get(0);
        assertThat(FrameEnvelope.parseFrom(forwarded.getPayload())).isEqualTo(marker);
        assertThat(forwarded.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey()).isEqualTo(session);
        assertThat(events.received()).as("the client is gone: nothing to answer").isEmpty();
        assertThat(meters.find("likeness.quality.frame.seconds").timer().count()).as("not judged as a frame").isEqualTo(judged);
    }

    @Test
    void anAcceptedFrameIsForwardedOnlyOnceTheBrokerHasItsResultAndNotWhenItRefusedIt() throws Exception {
        FrameQualityProcessor target = ClientProxy.unwrap(processor);
        Emitter<byte[]> original = target.sessionEvents;
        HeldEvents held = new HeldEvents();
        target.sessionEvents = held;
        try {
            String refused = UUID.randomUUID().toString(), written = UUID.randomUUID().toString();
            target.judge(envelope(refused, "k1", photo("grace-hopper/frame-01.jpg"), System.currentTimeMillis()).toByteArray());
            target.judge(envelope(written, "k1", photo("grace-hopper/frame-01.jpg"), System.currentTimeMillis()).toByteArray());
            assertThat(held.messages).hasSize(2);
            assertThat(accepted.received()).as("nothing forwarded before its result is written").isEmpty();

            held.messages.get(0).nack(new IllegalStateException("the broker refused it")).toCompletableFuture().join();
            held.messages.get(1).ack().toCompletableFuture().join();
            await().atMost(Duration.ofSeconds(10)).until(() -> accepted.received().size() == 1);
            assertThat(FrameEnvelope.parseFrom(accepted.received().get(0).getPayload()).getSession().getSessionId())
                    .as("only the frame whose result was written").isEqualTo(written);
        } finally {
            target.sessionEvents = original;
        }
    }

    /** Session events held, neither written nor refused until the test says so. */
    static final class HeldEvents implements Emitter<byte[]> {
        final List<Message<? extends byte[]>> messages = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> send(byte[] payload) {
            throw new UnsupportedOperationException("the processor sends messages");
        }

        @Override
        public <M extends Message<? extends byte[]>> void send(M message) {
            messages.add(message);
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
