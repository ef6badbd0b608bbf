package dev.likeness.liveness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Windows of synthetic frames: a looped still, a still with sensor noise, a live subject's sway. */
class FrozenFeedTest {

    static List<FrozenFeed.Frame> frames(int count, double swayPixels, double landmarkNoise, double pixelChange, long seed) {
        Random random = new Random(seed);
        List<FrozenFeed.Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double shift = swayPixels * Math.sin(i / 2.0);
            frames.add(new FrozenFeed.Frame(SyntheticHead.seen(SyntheticHead.FACE, 0, 0, 0, shift, shift / 2, landmarkNoise, random),
                    SyntheticHead.interOcular(), pixelChange));
        }
        return frames;
    }

    @Test
    void identicalFramesAreAFrozenFeed() {
        assertThat(FrozenFeed.frozen(frames(8, 0, 0, 0, 1))).isTrue();
        assertThat(FrozenFeed.frozen(frames(12, 0, 0, 0.1, 1))).as("a still re-encoded: a tenth of a grey level").isTrue();
    }

    @Test
    void aLiveSubjectOrARealSensorIsNot() {
        double iod = SyntheticHead.interOcular();
        assertThat(FrozenFeed.frozen(frames(8, iod * 0.02, iod * 0.002, 0.2, 1))).as("a head swaying 2 % of the IOD").isFalse();
        assertThat(FrozenFeed.frozen(frames(8, 0, iod * 0.002, 1.5, 1))).as("a still scene through a real sensor").isFalse();
        assertThat(FrozenFeed.frozen(frames(7, 0, 0, 0, 1))).as("fewer frames than the window decide nothing").isFalse();
    }
}
