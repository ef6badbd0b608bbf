package dev.likeness.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The client side of the credit rule, on a clock the test moves (ms written as ms * MS). */
class FramePacerTest {

    static final long MS = 1_000_000L;

    @Test
    void sendsEveryCameraFrameWhileResultsComeBackInTime() {
        FramePacer pacer = new FramePacer(0, 100 * MS); // a 10 fps camera
        pacer.grant(2, 5000);
        long sequence = 0;
        for (long t = 0; t < 1000 * MS; t += 100 * MS) {
            assertThat(pacer.maySend(t)).as("at %d ms", t / MS).isTrue();
            pacer.sent(++sequence, t);
            pacer.answered(sequence); // answered before the next camera frame
            assertThat(pacer.maySend(t + 50 * MS)).as("no new camera frame yet").isFalse();
        }
        assertThat(sequence).isEqualTo(10);
        assertThat(pacer.cameraFrames(999 * MS)).isEqualTo(10);
    }

    @Test
    void stopsAtTheCreditAndSendsTheLatestFrameWhenAResultFreesIt() {
        FramePacer pacer = new FramePacer(0, 100 * MS);
        pacer.grant(2, 5000);
        pacer.sent(1, 0);
        pacer.sent(2, 100 * MS);
        // A slow server: camera frames at 200..400 ms find no credit.
        for (long t = 200 * MS; t <= 400 * MS; t += 100 * MS) {
            assertThat(pacer.maySend(t)).isFalse();
        }
        assertThat(pacer.waitNanos(400 * MS)).as("nothing to do but wait for a result").isGreaterThan(1000 * MS);
        pacer.answered(1);
        // At 430 ms the credit is free: the 400 ms camera frame (the latest) goes at once.
        assertThat(pacer.waitNanos(430 * MS)).isZero();
        assertThat(pacer.maySend(430 * MS)).isTrue();
        pacer.sent(3, 430 * MS);
        assertThat(pacer.inFlight(430 * MS)).isEqualTo(2);
        // Frames sent: 3 of 5 camera frames. The rate fell; nothing queued.
        assertThat(pacer.cameraFrames(430 * MS)).isEqualTo(5);
    }

    @Test
    void neverSendsOneCameraFrameTwiceEvenWithCreditToSpare() {
        FramePacer pacer = new FramePacer(0, 100 * MS);
        pacer.grant(4, 5000);
        pacer.sent(1, 10 * MS);
        assertThat(pacer.maySend(20 * MS)).isFalse();
        assertThat(pacer.waitNanos(20 * MS)).isEqualTo(80 * MS);
        assertThat(pacer.maySend(100 * MS)).isTrue();
    }

    @Test
    void aFrameNeverAnsweredStopsCountingAfterTheTimeoutAndAMargin() {
        FramePacer pacer = new FramePacer(0, 100 * MS);
        pacer.grant(1, 2000);
        pacer.sent(1, 0);
        assertThat(pacer.maySend(2500 * MS)).as("the server's 2 s, but not yet its margin").isFalse();
        assertThat(pacer.waitNanos(2500 * MS)).isEqualTo(500 * MS);
        assertThat(pacer.maySend(3000 * MS)).isTrue();
        assertThat(pacer.answered(1)).as("a late result no longer counts").isEmpty();
        assertThat(pacer.timedOut()).isEqualTo(1);
    }

    @Test
    void aServerWithoutFlowControlLimitsOnlyByTheCamera() {
        FramePacer pacer = new FramePacer(0, 100 * MS);
        pacer.grant(0, 0);
        for (long sequence = 1; sequence <= 50; sequence++) {
            long t = (sequence - 1) * 100 * MS;
            assertThat(pacer.maySend(t)).isTrue();
            pacer.sent(sequence, t);
        }
        assertThat(pacer.inFlight(5000 * MS)).isEqualTo(50);
    }

    @Test
    void aCreditOfZeroPausesUntilALaterCreditResumes() {
        FramePacer pacer = new FramePacer(0, 100 * MS);
        pacer.grant(2, 5000);
        pacer.sent(1, 0);
        pacer.credit(0); // the server takes its turn away
        pacer.answered(1);
        assertThat(pacer.maySend(300 * MS)).isFalse();
        assertThat(pacer.waitNanos(300 * MS)).as("only a server message can change that").isEqualTo(Long.MAX_VALUE);
        pacer.credit(1);
        assertThat(pacer.maySend(320 * MS)).isTrue();
        pacer.sent(2, 320 * MS);
        assertThat(pacer.maySend(400 * MS)).as("one at a time while taking turns").isFalse();
    }
}
