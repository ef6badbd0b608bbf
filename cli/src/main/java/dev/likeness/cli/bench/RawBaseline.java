package dev.likeness.cli.bench;

import dev.likeness.crypto.FrameBinding;
import dev.likeness.crypto.ImageEnvelope;
import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.proto.v1.EncryptedImage;
import dev.likeness.quality.filters.FrameQualityInspector;
import dev.likeness.quality.filters.QualityVerdict;
import dev.likeness.vision.EyeLandmarker;
import dev.likeness.vision.FaceAligner;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.ImagePoint;
import dev.likeness.vision.MatScope;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's ceiling on this machine: the same frames through the whole engine a frame meets,
 * in this process, one thread per core, with no network, broker or other service in the way. What
 * quality-service does to every frame (open the envelope, decode the JPEG, run every filter), and,
 * for a frame the filters accept, what auth-service does to it (open and decode it again, align the
 * face by the points quality-service found, compute its descriptor). Frames per second, and the
 * share of them that was accepted.
 */
final class RawBaseline {

    /** Frames per second through the whole engine, and the share of them the filters accepted (and auth-service described). */
    record Result(double framesPerSecond, double acceptedShare) {
    }

    private static final String CUSTOMER = "baseline", KEY_ID = "baseline-key";

    /** The associated data every baseline frame is sealed and opened with, as a session's frames are. */
    private static final byte[] BASELINE_BINDING = FrameBinding.associatedData("raw-baseline", 1);

    private RawBaseline() {
    }

    static Result measure(List<byte[]> jpegs, PublicKey imageKey, PrivateKey imagePrivateKey, Duration duration) throws Exception {
        // Several envelopes per image, as every frame of a session has its own content key.
        List<EncryptedImage> sealed = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            for (byte[] jpeg : jpegs) {
                sealed.add(ImageEnvelope.seal(jpeg, imageKey, BASELINE_BINDING));
            }
        }
        ImageKeyRing keys = new ImageKeyRing(Map.of(KEY_ID, new ImageKeyRing.Entry(CUSTOMER, imagePrivateKey)));
        FrameQualityInspector inspector = new FrameQualityInspector(FaceFinder.withModels(), new EyeLandmarker());
        FaceDescriber describer = new FaceDescriber();
        for (EncryptedImage frame : sealed) {
            process(keys, inspector, describer, frame); // warm-up: the JIT and the networks' buffers
        }
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong frames = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                workers.add(pool.submit(() -> {
                    for (int i = offset; System.nanoTime() < deadline; i++) {
                        if (process(keys, inspector, describer, sealed.get(i % sealed.size()))) {
                            accepted.incrementAndGet();
                        }
                        frames.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(frames.get() / seconds, frames.get() == 0 ? 0 : (double) accepted.get() / frames.get());
    }

    /** One frame through the engine; true when the filters accepted it and auth-service's part ran too. */
    private static boolean process(ImageKeyRing keys, FrameQualityInspector inspector, FaceDescriber describer, EncryptedImage sealed)
            throws Exception {
        List<ImagePoint> alignment;
        try (FrameImage frame = FrameImage.decode(keys.open(CUSTOMER, KEY_ID, sealed, BASELINE_BINDING))) {
            QualityVerdict verdict = inspector.inspect(frame);
            if (!verdict.accepted() || verdict.finding().landmarks().isEmpty()) {
                return false;
            }
            alignment = FaceAligner.alignmentPoints(verdict.finding().landmarks().get());
        }
        // auth-service gets the sealed frame and the points, not the pixels: it opens and decodes it again.
        try (FrameImage frame = FrameImage.decode(keys.open(CUSTOMER, KEY_ID, sealed, BASELINE_BINDING)); MatScope scope = new MatScope()) {
            FaceAligner.chip(frame, alignment).ifPresent(chip -> describer.describe(scope.hold(chip)));
        }
        return true;
    }
}
