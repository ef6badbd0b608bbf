package dev.likeness.gateway.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameRateWindowTest {

    static final long MS = 1_000_000L;

    @Test
    void countsTheFramesOfTheLastTwoSecondsOnly() {
        FrameRateWindow window = new FrameRateWindow(2000 * MS);
        long start = 5_000 * MS;
        for (int i = 0; i < 10; i++) {
            assertThat(window.record(start + i * 100 * MS)).isEqualTo(i + 1);
        }
        // 10 frames in the first second; at 2.5 s only those after 0.5 s still count (0.6-0.9 s), plus this one
        assertThat(window.record(start + 2500 * MS)).isEqualTo(4 + 1);
        // long after: only the new frame
        assertThat(window.record(start + 60_000 * MS)).isEqualTo(1);
    }

    @Test
    void aSteadyCameraPaceStaysFlat() {
        FrameRateWindow window = new FrameRateWindow(2000 * MS);
        long max = 0;
        for (int i = 0; i < 300; i++) { // 15 frames/s for 20 s
            max = Math.max(max, window.record(i * 1000 * MS / 15));
        }
        assertThat(max).isBetween(30L, 31L);
    }
}
