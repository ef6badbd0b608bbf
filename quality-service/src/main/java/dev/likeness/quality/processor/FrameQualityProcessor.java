package dev.likeness.quality.processor;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.likeness.crypto.FrameBinding;
import dev.likeness.crypto.ImageDecryptionException;
import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.proto.v1.Error;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Filter;
import dev.likeness.proto.v1.FrameEnvelope;
import dev.likeness.proto.v1.FrameResult;
import dev.likeness.proto.v1.LivenessMeasures;
import dev.likeness.proto.v1.SessionEvent;
import dev.likeness.quality.QualityConfig;
import dev.likeness.quality.filters.FrameQualityInspector;
import dev.likeness.quality.filters.QualityFilter;
import dev.likeness.quality.filters.QualityVerdict;
import dev.likeness.vision.EngineCpuTime;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.ImageTooLargeException;
import dev.likeness.vision.UndecodableImageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Judges each frame of likeness.frames: answers it on likeness.session-events (to the partition of
 * the gateway holding the socket) and forwards it, still encrypted, to likeness.frames-accepted
 * when every filter passed; a session's end marker is passed on there as it is. The decrypted image
 * lives only in this method's memory.
 */
@ApplicationScoped
public class FrameQualityProcessor {

    /**
     * Every outcome a frame can have. Registered at zero at start-up, so a dashboard or alert on,
     * say, stale frames reads 0 rather than "no data" until the first one.
     */
    static final List<String> OUTCOMES = List.of("accepted", "rejected", "stale", "malformed", "undecryptable", "undecodable", "too_large",
            "failed");
    private static final Logger LOG = Logger.getLogger(FrameQualityProcessor.class);

    private static final Runnable NOTHING_MORE = () -> {
    };
    @Inject
    @Channel("session-events")
    Emitter<byte[]> sessionEvents;

    @Inject
    @Channel("frames-accepted")
    Emitter<byte[]> acceptedFrames;

    private final QualityConfig config;
    private final ImageKeyRing keys;
    private final FrameQualityInspector inspector;
    private final MeterRegistry meters;
    private final Timer inspectionTime;
    private final EngineCpuTime engineCpu = new EngineCpuTime();
    // Held rather than looked up in the registry on every frame.
    private final Map<String, Counter> outcomes = new HashMap<>();
    private final Map<QualityFilter, Counter> triggeredFilters = new EnumMap<>(QualityFilter.class);

    FrameQualityProcessor(QualityConfig config, ImageKeyRing keys, FrameQualityInspector inspector, MeterRegistry meters) {
        this.config = config;
        this.keys = keys;
        this.inspector = inspector;
        this.meters = meters;
        this.inspectionTime = Timer.builder("likeness.quality.frame.seconds")
                .description("decrypt, decode and filter one frame").publishPercentileHistogram().register(meters);
        FunctionCounter.builder("likeness.engine.cpu", engineCpu, EngineCpuTime::seconds).baseUnit("seconds")
                .description("CPU time in decrypting, decoding and the models: the rest of the process's CPU is plumbing")
                .tag("stage", "quality").register(meters);
        for (String outcome : OUTCOMES) {
            outcomes.put(outcome, meters.counter("likeness.quality.frames", "outcome", outcome));
        }
        for (QualityFilter filter : QualityFilter.values()) {
            triggeredFilters.put(filter, meters.counter("likeness.quality.filters.triggered", "filter", filter.wireName()));
        }
    }

    @Incoming("frames")
    @Blocking
    public void judge(byte[] record) {
        FrameEnvelope envelope;
        try {
            envelope = FrameEnvelope.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            // Only gateways write this topic; a bad record has no session to answer.
            count("malformed");
            LOG.warn("dropped a record of likeness.frames that is not a FrameEnvelope");
            return;
        }
        if (envelope.getSessionEnded()) {
            // Not a frame: the session ended at the gateway. Passed on whatever its age, so auth-relay
            // can close its stream; an accepted frame still waiting for its result's acknowledgement
            // may follow it, and auth-relay drops that frame, the session being over.
            forward(envelope, record);
            return;
        }
        long age = System.currentTimeMillis() - envelope.getReceivedAtMs();
        if (age > config.frameDeadline().toMillis()) {
            count("stale");
            return;
        }
        Timer.Sample sample = Timer.start(meters);
        long engineBegan = engineCpu.begin();
        try {
            // Opened with the session and sequence the gateway verified: a frame sealed for another fails here.
            byte[] jpeg = keys.open(envelope.getSession().getCustomer(), envelope.getSession().getKeyId(), envelope.getImage(),
                    FrameBinding.associatedData(envelope.getSession().getSessionId(), envelope.getSequence()));
            QualityVerdict verdict;
            Optional<LivenessMeasures> liveness;
            try (FrameImage frame = FrameImage.decode(jpeg, config.maxFramePixels())) {
                verdict = inspector.inspect(frame);
                liveness = verdict.accepted() ? Optional.of(LivenessReadings.of(frame, verdict)) : Optional.empty();
            }
            engineCpu.end(engineBegan); // what follows, answering through Kafka, is plumbing
            answer(envelope, verdict, liveness);
        } catch (ImageDecryptionException e) {
            count("undecryptable");
            LOG.infof("session %s: frame %d not decrypted: %s", envelope.getSession().getSessionId(), envelope.getSequence(),
                    e.getMessage());
            fail(envelope, ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED, "frame could not be decrypted");
        } catch (ImageTooLargeException e) {
            count("too_large");
            fail(envelope, ErrorCode.SERVER_IMAGE_TOO_LARGE, "frame larger than this server accepts");
        } catch (UndecodableImageException e) {
            count("undecodable");
            fail(envelope, ErrorCode.SERVER_MALFORMED_MESSAGE, "frame is not a decodable JPEG");
        } catch (RuntimeException e) {
            // Whatever this frame did to us, it ends its own session, not the consumer of every session.
            count("failed");
            LOG.errorf("session %s: frame %d failed: %s", envelope.getSession().getSessionId(), envelope.getSequence(),
                    e.getClass().getName());
            fail(envelope, ErrorCode.SERVER_UNAVAILABLE, "frame could not be processed");
        } finally {
            sample.stop(inspectionTime);
        }
    }

    private void answer(FrameEnvelope envelope, QualityVerdict verdict, Optional<LivenessMeasures> liveness) {
        FrameResult.Builder result = FrameResult.newBuilder().setSequence(envelope.getSequence()).setAccepted(verdict.accepted());
        for (QualityFilter filter : QualityFilter.values()) {
            boolean triggered = verdict.triggered().contains(filter);
            result.addFilters(Filter.newBuilder().setName(filter.wireName()).setTriggered(triggered));
            if (triggered) {
                triggeredFilters.get(filter).increment();
            }
        }
        count(verdict.accepted() ? "accepted" : "rejected");
        if (!verdict.accepted()) {
            emit(envelope, SessionEvent.newBuilder().setFrameResult(result), NOTHING_MORE);
            return;
        }
        // Accepted means a face with landmarks was found: auth-service aligns on it rather than detecting again.
        byte[] forwarded = envelope.toBuilder().setFace(FaceGeometries.of(verdict.finding().largest().orElseThrow(),
                verdict.finding().landmarks().orElseThrow()).toBuilder().setLiveness(liveness.orElseThrow())).build().toByteArray();
        // Forwarded only once the broker has the result: auth-relay's Progress for this frame goes to
        // the same reply partition, so it then lands after the result, and the client sees the
        // frame accepted before it sees the frame counted. A result the broker refused forwards nothing.
        emit(envelope, SessionEvent.newBuilder().setFrameResult(result), () -> forward(envelope, forwarded));
    }

    /** To likeness.frames-accepted, keyed by the envelope's session: its records stay in order on one partition. */
    private void forward(FrameEnvelope envelope, byte[] value) {
        acceptedFrames.send(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(envelope.getSession().getSessionId()).build()));
    }

    private void fail(FrameEnvelope envelope, ErrorCode code, String message) {
        emit(envelope, SessionEvent.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)), NOTHING_MORE);
    }

    /** To the reply partition of the session's gateway; {@code whenWritten} runs once the broker has acknowledged it. */
    private void emit(FrameEnvelope envelope, SessionEvent.Builder event, Runnable whenWritten) {
        String sessionId = envelope.getSession().getSessionId();
        byte[] value = event.setSessionId(sessionId).setEmittedAtMs(System.currentTimeMillis()).build().toByteArray();
        sessionEvents.send(Message.of(value)
                .withAck(() -> {
                    whenWritten.run();
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    LOG.warnf("session %s: event not published: %s", sessionId, failure.getMessage());
                    return CompletableFuture.completedFuture(null);
                })
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(sessionId).withPartition(envelope.getSession().getReplyPartition()).build()));
    }

    private void count(String outcome) {
        outcomes.get(outcome).increment();
    }
}
