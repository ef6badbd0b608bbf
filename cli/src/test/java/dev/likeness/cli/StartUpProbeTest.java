package dev.likeness.cli;

import dev.likeness.client.SessionReport;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `up`'s probe: warm-up sessions until every quality worker has judged a frame and two sessions in a
 * row agree on their round trip, each bounded; then the two measured ones.
 */
class StartUpProbeTest {

    final List<Operation> sessions = new ArrayList<>();
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    static SessionReport finishedIn(long roundTripMillis) {
        long ms = 1_000_000;
        return new SessionReport(Optional.of("a.b.c"), Optional.empty(), "", 1, 1, 0,
                List.of(new SessionReport.FrameTiming(1, 0, roundTripMillis * ms, true, List.of())), 0, roundTripMillis * ms,
                Optional.of(0L), List.of());
    }

    StartUpProbe probe(int workers, java.util.function.BooleanSupplier everyWorkerWarm, SessionReport warmUp) {
        return new StartUpProbe(operation -> {
            sessions.add(operation);
            return sessions.size() == 1 ? warmUp : finishedIn(sessions.size() <= 2 ? 100 : 50);
        }, workers, everyWorkerWarm, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void warmsUntilEveryWorkerHasJudgedAFrameThenMeasuresTheFirstSessionAgainstTheNext() throws Exception {
        int[] checks = {0};
        // The second worker gets its first frame with the third warm-up session.
        probe(2, () -> ++checks[0] >= 3, finishedIn(200)).run();
        // 200 ms, 100, 50: the third leaves both workers warm but differs from the second; a fourth (50) agrees with it.
        assertThat(sessions).containsExactly(Operation.ENROLL, Operation.AUTH, Operation.AUTH, Operation.AUTH, Operation.AUTH, Operation.AUTH);
        assertThat(printed()).startsWith("warm-up: 4 session(s), round trip p50 200 ms; then the first session a user gets: p50 50 ms, the next: 50 ms (1.0x)");
    }

    @Test
    void aWorkerThatNeverWarmsIsReportedAfterTheBoundAndTheProbeStillMeasures() throws Exception {
        probe(2, () -> false, finishedIn(200)).run();
        assertThat(sessions).hasSize(2 * StartUpProbe.MAX_WARM_UP_SESSIONS_PER_WORKER + 2);
        assertThat(printed()).contains("warning: after 16 warm-up sessions a quality worker had still judged no frame")
                .contains("the first session a user gets");
    }

    @Test
    void settlingStopsOnceTwoSessionsAgreeAndIsBounded() throws Exception {
        assertThat(StartUpProbe.settled(100, 129)).isTrue();
        assertThat(StartUpProbe.settled(131, 100)).isFalse();
        assertThat(StartUpProbe.settled(Double.NaN, 100)).as("a session with nothing answered settles nothing").isFalse();

        // Round trips that never agree (200, 100, 200, 100, ...): settling gives up after its bound and still measures.
        new StartUpProbe(operation -> {
            sessions.add(operation);
            return finishedIn(sessions.size() % 2 == 1 ? 200 : 100);
        }, 1, () -> true, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        assertThat(sessions).hasSize(1 + StartUpProbe.MAX_SETTLING_SESSIONS + 2);
        assertThat(printed()).startsWith("warm-up: " + (1 + StartUpProbe.MAX_SETTLING_SESSIONS) + " session(s)");
    }

    @Test
    void anAlreadyEnrolledProbeUserWarmsToo_anyOtherFailureStopsTheProbe() throws Exception {
        SessionReport alreadyEnrolled = new SessionReport(Optional.empty(), Optional.of(ErrorCode.SERVER_USER_ALREADY_ENROLLED), "", 1, 1, 0,
                List.of(new SessionReport.FrameTiming(1, 0, 80_000_000, true, List.of())), 0, 1, Optional.empty(), List.of());
        probe(1, () -> true, alreadyEnrolled).run();
        // 80 ms, then 100: within 1.3x, settled after one more session.
        assertThat(sessions).containsExactly(Operation.ENROLL, Operation.AUTH, Operation.AUTH, Operation.AUTH);

        sessions.clear();
        SessionReport refused = new SessionReport(Optional.empty(), Optional.of(ErrorCode.SERVER_UNAVAILABLE), "", 1, 1, 0,
                List.of(), 0, 1, Optional.empty(), List.of());
        probe(1, () -> true, refused).run();
        assertThat(sessions).containsExactly(Operation.ENROLL);
        assertThat(printed()).contains("warning: the warm-up session did not finish (SERVER_UNAVAILABLE)");
    }
}
