package dev.likeness.cli.bench;

import dev.likeness.crypto.FrameBinding;
import dev.likeness.crypto.ImageEnvelope;
import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.proto.v1.EncryptedImage;
import dev.likeness.quality.filters.FrameQualityInspector;
import dev.likeness.vision.EyeLandmarker;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FrameImage;

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
 * The pipeline's ceiling on this machine: the same frames through what quality-service does to
 * each (open the envelope, decode the JPEG, run every filter), in this process, one thread per
 * core, with no network, broker or other service in the way. Frames per second.
 */
final class RawBaseline {

    private static final String CUSTOMER = "baseline", KEY_ID = "baseline-key";

    /** The associated data every baseline frame is sealed and opened with, as a session's frames are. */
    private static final byte[] BASELINE_BINDING = FrameBinding.associatedData("raw-baseline", 1);

    private RawBaseline() {
    }

    static double framesPerSecond(List<byte[]> jpegs, PublicKey imageKey, PrivateKey imagePrivateKey, Duration duration) throws Exception {
        // Several envelopes per image, as every frame of a session has its own content key.
        List<EncryptedImage> sealed = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            for (byte[] jpeg : jpegs) {
                sealed.add(ImageEnvelope.seal(jpeg, imageKey, BASELINE_BINDING));
            }
        }
        ImageKeyRing keys = new ImageKeyRing(Map.of(KEY_ID, new ImageKeyRing.Entry(CUSTOMER, imagePrivateKey)));
        FrameQualityInspector inspector = new FrameQualityInspector(FaceFinder.withModels(), new EyeLandmarker());
        for (EncryptedImage frame : sealed) {
            judge(keys, inspector, frame); // warm-up: the JIT and the networks' buffers
        }
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong frames = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                workers.add(pool.submit(() -> {
                    for (int i = offset; System.nanoTime() < deadline; i++) {
                        judge(keys, inspector, sealed.get(i % sealed.size()));
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
        return frames.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static void judge(ImageKeyRing keys, FrameQualityInspector inspector, EncryptedImage sealed) throws Exception {
        try (FrameImage frame = FrameImage.decode(keys.open(CUSTOMER, KEY_ID, sealed, BASELINE_BINDING))) {
            inspector.inspect(frame);
        }
    }
}
