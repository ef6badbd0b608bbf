package dev.likeness.quality.filters;

import dev.likeness.vision.EyeLandmarker;
import dev.likeness.vision.FaceAligner;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.MatScope;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine as the services run it (the quality filters on every frame, then the descriptor) on
 * six threads while another thread forces a collection every millisecond, in a JVM with a small
 * heap (this module's pom runs this class alone with {@code -Xmx128m}) so each collection is quick
 * and they come hundreds of times a second. OpenCV's finalizers then run as often as they can:
 * a Mat an OpenCV call still uses but nothing holds (see face-vision's {@code MatScope}) gets
 * deleted under it, which crashes this JVM (the build then fails with a forked VM that did not say
 * goodbye) or changes a result. Every pass must give what the quiet first pass gave.
 *
 * <p>Calibrated on the engine before MatScope, with a standalone program doing this work in this
 * set-up (six threads, {@code -Xmx128m}, a collection every millisecond): its JVM crashed four
 * times of four, after 9 to about 50 s, each time in an OpenCV {@code Mat.get} on a Mat nothing
 * held any more (BlazeFace's and FaceMesh's temporary {@code reshape(1, 1)}, the sharpness
 * filter's {@code meanStdDev} output); see face-vision's README. A race does not fail on demand,
 * so a pass here is evidence, not proof; a failure is a real defect.
 */
class EngineUnderCollectionTest {

    static final int THREADS = 6;
    static final long RUN_MILLIS = Long.getLong("likeness.engine-under-collection.millis", 90_000);

    private record Result(Set<QualityFilter> triggered, float[] landmarks, float[] descriptor) {

        boolean sameAs(Result other) {
            return triggered.equals(other.triggered) && Arrays.equals(landmarks, other.landmarks) && Arrays.equals(descriptor,
                    other.descriptor);
        }
    }

    @Test
    void theEngineGivesTheSameResultsWhileCollectionsRunAllTheTime() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (String name : List.of("grace-hopper/frame-01.jpg", "grace-hopper-second-photo/frame-01.jpg", "eileen-collins/frame-01.jpg")) {
            frames.add(Files.readAllBytes(FrameQualityInspectorTest.FACES.resolve(name)));
        }
        FrameQualityInspector inspector = new FrameQualityInspector(FaceFinder.withModels(), new EyeLandmarker());
        FaceDescriber describer = new FaceDescriber();
        List<Result> expected = new ArrayList<>();
        for (byte[] frame : frames) {
            expected.add(judge(frame, inspector, describer));
        }

        AtomicBoolean running = new AtomicBoolean(true);
        Thread collector = new Thread(() -> {
            while (running.get()) {
                System.gc();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "collector");
        collector.start();
        ExecutorService workers = Executors.newFixedThreadPool(THREADS);
        try {
            long end = System.currentTimeMillis() + RUN_MILLIS;
            List<Future<int[]>> counts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                counts.add(workers.submit(() -> {
                    int same = 0, different = 0;
                    for (int i = first; System.currentTimeMillis() < end; i++) {
                        int which = i % frames.size();
                        if (judge(frames.get(which), inspector, describer).sameAs(expected.get(which))) {
                            same++;
                        } else {
                            different++;
                        }
                    }
                    return new int[]{same, different};
                }));
            }
            int same = 0, different = 0;
            for (Future<int[]> count : counts) {
                same += count.get()[0];
                different += count.get()[1];
            }
            System.out.printf("engine under collection: %d passes on %d threads in %d s, %d different%n", same + different, THREADS,
                    RUN_MILLIS / 1000, different);
            assertThat(different).isZero();
            assertThat(same).as("passes made").isGreaterThan(THREADS * 10);
        } finally {
            running.set(false);
            collector.join();
            workers.shutdownNow();
        }
    }

    private static Result judge(byte[] jpeg, FrameQualityInspector inspector, FaceDescriber describer) throws Exception {
        try (FrameImage frame = FrameImage.decode(jpeg); MatScope scope = new MatScope()) {
            QualityVerdict verdict = inspector.inspect(frame);
            var landmarks = verdict.finding().landmarks().orElseThrow();
            float[] descriptor = describer.describe(scope.hold(FaceAligner.chip(frame,
                    FaceAligner.alignmentPoints(landmarks)).orElseThrow()));
            return new Result(verdict.triggered(), landmarks.x(), descriptor);
        }
    }
}
