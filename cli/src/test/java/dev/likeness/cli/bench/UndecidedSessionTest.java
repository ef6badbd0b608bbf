package dev.likeness.cli.bench;

import dev.likeness.client.SessionReport;
import dev.likeness.proto.v1.Progress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The line the bench prints for a session that never decided: where along the pipeline it stopped. */
class UndecidedSessionTest {

    static SessionReport.FrameTiming frame(long sequence, boolean accepted) {
        return new SessionReport.FrameTiming(sequence, 0, 1_000_000, accepted, List.of());
    }

    @Test
    void saysHowFarTheSessionGot() {
        SessionReport stuckAtAuth = new SessionReport(Optional.empty(), Optional.empty(), "", 9, 240, 1,
                List.of(frame(1, true), frame(2, true), frame(3, false)), 0, 30_000_000_000L, Optional.of(0L),
                List.of(Progress.newBuilder().setSequence(1).setFramesUsed(1).setFramesNeeded(3).build()), Optional.empty());
        assertThat(Bench.undecided(stuckAtAuth))
                .isEqualTo("no outcome after 30.0 s: 9 frames sent, 3 answered (2 accepted, 1 timed out), progress: 1 of 3 frames used");

        SessionReport nothingBack = new SessionReport(Optional.empty(), Optional.empty(), "", 4, 240, 4, List.of(), 0,
                30_000_000_000L, Optional.empty(), List.of(), Optional.empty());
        assertThat(Bench.undecided(nothingBack)).endsWith("4 frames sent, 0 answered (0 accepted, 4 timed out), progress: none");
    }
}
