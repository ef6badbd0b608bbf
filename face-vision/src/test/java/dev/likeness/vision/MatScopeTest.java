package dev.likeness.vision;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

import java.lang.ref.WeakReference;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scope's contract: what it holds stays reachable (so no finalizer can delete it under an
 * OpenCV call) until it closes, closing releases every pixel at once, and nothing is kept after.
 * The race it prevents is exercised by quality-filters' EngineUnderCollectionTest.
 */
class MatScopeTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCvRuntime.load();
    }

    @Test
    void aHeldMatOutlivesCollectionsUntilItsScopeIsClosedAndIsCollectableAfter() throws Exception {
        MatScope scope = new MatScope();
        WeakReference<Mat> held = new WeakReference<>(scope.hold(new Mat(64, 64, CvType.CV_8UC3, Scalar.all(9))));
        WeakReference<Mat> unheld = new WeakReference<>(new Mat(64, 64, CvType.CV_8UC3, Scalar.all(9)));
        collectUntilCleared(unheld);
        assertThat(unheld.get()).as("a Mat nothing holds is collected (so the check below means something)").isNull();
        assertThat(held.get()).as("a held Mat survives the same collections").isNotNull();
        assertThat(held.get().empty()).isFalse();

        scope.close();
        assertThat(held.get()).as("closing releases the pixels").matches(m -> m == null || m.empty());
        scope = null;
        collectUntilCleared(held);
        assertThat(held.get()).as("a closed scope keeps nothing").isNull();
    }

    @Test
    void closingReleasesEveryHeldMatAndReturnsWhatItHolds() {
        Mat first, second, output;
        List<Mat> outputs;
        try (MatScope scope = new MatScope()) {
            first = scope.hold(new Mat(8, 8, CvType.CV_32F, Scalar.all(1)));
            second = scope.hold(first.submat(0, 4, 0, 4));
            output = scope.newMat();
            first.copyTo(output);
            outputs = scope.holdAll(List.of(new Mat(2, 2, CvType.CV_8UC1, Scalar.all(3))));
            assertThat(first.empty() || second.empty() || output.empty() || outputs.get(0).empty()).isFalse();
        }
        assertThat(List.of(first, second, output, outputs.get(0))).allMatch(Mat::empty);
    }

    private static void collectUntilCleared(WeakReference<?> reference) throws InterruptedException {
        for (int i = 0; i < 50 && reference.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
    }
}
