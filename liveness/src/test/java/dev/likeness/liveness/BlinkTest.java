package dev.likeness.liveness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Eye-aspect-ratio series at 8 frames/s (125 ms apart), with and without a blink. */
class BlinkTest {

    static List<Blink.Sample> series(double... ratios) {
        List<Blink.Sample> samples = new ArrayList<>();
        for (int i = 0; i < ratios.length; i++) {
            samples.add(new Blink.Sample(i * 125L, ratios[i]));
        }
        return samples;
    }

    @Test
    void openClosedOpenWithinABlinksDurationIsABlink() {
        assertThat(Blink.seen(series(0.31, 0.30, 0.12, 0.29, 0.30))).as("one frame closed").isTrue();
        assertThat(Blink.seen(series(0.31, 0.22, 0.10, 0.08, 0.15, 0.27, 0.30))).as("three frames closed, 250 ms").isTrue();
    }

    @Test
    void eyesOpenShutOrFlickeringAtTheThresholdAreNoBlink() {
        assertThat(Blink.seen(series(0.31, 0.30, 0.32, 0.29, 0.30, 0.31))).as("open throughout").isFalse();
        assertThat(Blink.seen(series(0.30, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.30))).as("shut for 625 ms").isFalse();
        assertThat(Blink.seen(series(0.1, 0.1, 0.30, 0.31))).as("closed from the start: no open before").isFalse();
        assertThat(Blink.seen(series(0.30, 0.19, 0.24, 0.19, 0.24, 0.19))).as("noise around 0.2, never open again").isFalse();
        assertThat(Blink.seen(series(0.30, 0.1))).as("not open again yet").isFalse();
    }
}
