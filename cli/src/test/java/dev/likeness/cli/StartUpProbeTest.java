package dev.likeness.cli;

import dev.likeness.client.SessionReport;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `up`'s probe: warm-up sessions until every quality consumer has fetched frames and three sessions
 * in a row agree on their round trip, each bounded; then the first measured session against the
 * median of the next three.
 */
class StartUpProbeTest {

    /** Compilers that used nothing since the last look: the probe waits one window. */
    static final DoubleSupplier QUIET = () -> 0;
    final List<Operation> sessions = new ArrayList<>();
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    static SessionReport finishedIn(long roundTripMillis) {
        long ms = 1_000_000;
        return new SessionReport(Optional.of("a.b.c"), Optional.empty(), "", 1, 1, 0,
                List.of(new SessionReport.FrameTiming(1, 0, roundTripMillis * ms, true, List.of())), 0, roundTripMillis * ms,
                Optional.of(0L), List.of(), Optional.empty());
    }

    StartUpProbe probe(int workers, BooleanSupplier everyWorkerWarm, SessionReport warmUp) {
        return new StartUpProbe((username, operation) -> {
            sessions.add(operation);
            return sessions.size() == 1 ? warmUp : finishedIn(sessions.size() <= 2 ? 100 : 50);
        }, workers, everyWorkerWarm, QUIET, Duration.ZERO, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void warmsUntilEveryConsumerHasFetchedThenMeasuresTheFirstSessionAgainstWarmOnes() throws Exception {
        int[] checks = {0};
        // The second worker gets its first frame with the third warm-up session.
        probe(2, () -> ++checks[0] >= 3, finishedIn(200)).run();
        // 200 ms, 100, 50: the third leaves both workers warm but the three differ; two more (50, 50) agree with it.
        assertThat(sessions).hasSize(5 + 1 + StartUpProbe.WARM_SESSIONS).startsWith(Operation.ENROLL)
                .containsOnlyOnce(Operation.ENROLL);
        assertThat(printed())
                .startsWith("warm-up: 5 session(s), round trip p50 200 ms, then 0 more, 8 at once for 0 s; compilers quiet after 1.")
                .contains(" s; then the first session a user gets: p50 50 ms, a warm one: 50 ms (median of the next 3) (1.0x)");
    }

    @Test
    void aWorkerThatNeverWarmsIsReportedAfterTheBoundAndTheProbeStillMeasures() throws Exception {
        probe(2, () -> false, finishedIn(200)).run();
        assertThat(sessions).hasSize(2 * StartUpProbe.MAX_WARM_UP_SESSIONS_PER_WORKER + 1 + StartUpProbe.WARM_SESSIONS);
        assertThat(printed()).contains("warning: after 16 warm-up sessions a quality worker had still judged no frame")
                .contains("the first session a user gets");
    }

    @Test
    void aBurstOfSessionsAtOnceFollowsTheSettledWarmUp() throws Exception {
        AtomicInteger running = new AtomicInteger(), mostAtOnce = new AtomicInteger();
        List<Operation> seen = Collections.synchronizedList(new ArrayList<>());
        new StartUpProbe((username, operation) -> {
            seen.add(operation);
            if (seen.size() > 3) { // after the three settled warm-up sessions
                int now = running.incrementAndGet();
                mostAtOnce.accumulateAndGet(now, Math::max);
                Thread.sleep(20);
                running.decrementAndGet();
            }
            return finishedIn(50);
        }, 1, () -> true, QUIET, Duration.ofMillis(300), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        assertThat(mostAtOnce.get()).as("the burst's users run at once").isEqualTo(StartUpProbe.BURST_SESSIONS);
        int burst = seen.size() - 3 - 1 - StartUpProbe.WARM_SESSIONS;
        assertThat(burst).as("each of 8 users ran sessions back to back for 300 ms")
                .isGreaterThanOrEqualTo(2 * StartUpProbe.BURST_SESSIONS);
        assertThat(printed()).contains("then " + burst + " more, 8 at once for 0 s;").doesNotContain("warning");

        printed.reset();
        new StartUpProbe((username, operation) -> {
            if (Thread.currentThread().getName().startsWith("pool")) {
                throw new IOException("connection refused");
            }
            return finishedIn(50);
        }, 1, () -> true, QUIET, Duration.ofMillis(50), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        assertThat(printed()).containsPattern("warning: (\\d+) of the \\1 warm-up sessions run at once did not finish "
                        + "\\(IOException: \\1, first: connection refused\\)")
                .as("the probe still measures").contains("the first session a user gets");
    }

    @Test
    void aBurstUserWhoseEnrollmentFailedEnrollsAgain_theWarningQuotesTheFirstMessageOfEachReason() throws Exception {
        String timedOut = "liveness check failed: challenge (asked turn_left then look_up; 1 made; timed_out after 10.0 s)";
        List<String> operations = Collections.synchronizedList(new ArrayList<>());
        new StartUpProbe((username, operation) -> {
            if (!username.endsWith("-1")) {
                return finishedIn(50);
            }
            operations.add(operation.name());
            return operations.size() == 1
                    ? new SessionReport(Optional.empty(), Optional.of(ErrorCode.SERVER_LIVENESS_FAILED), timedOut, 1, 1, 0, List.of(), 0, 1,
                            Optional.empty(), List.of(), Optional.empty())
                    : finishedIn(50);
        }, 1, () -> true, QUIET, Duration.ofMillis(200), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        assertThat(operations).as("the first burst user: enrolled again, then authenticated").startsWith("ENROLL", "ENROLL", "AUTH");
        assertThat(printed()).containsPattern("warning: 1 of the \\d+ warm-up sessions run at once did not finish "
                + "\\(SERVER_LIVENESS_FAILED: 1, first: liveness check failed: challenge \\(asked turn_left then look_up; 1 made; "
                + "timed_out after 10.0 s\\)\\)");
    }

    @Test
    void theFirstMeasuredSessionWaitsForTheCompilersToGoQuiet() throws Exception {
        assertThat(StartUpProbe.quiet(0.04)).isTrue();
        assertThat(StartUpProbe.quiet(0.05)).as("5 % of a core over the 1 s window is not under it").isFalse();
        assertThat(StartUpProbe.quiet(0.4)).as("a C2 burst: 40 % of a core").isFalse();

        // Compilers busy for two windows (0.5 s of CPU each), then quiet: the first session starts after the third look.
        double[] compiled = {0};
        List<Double> compilerSecondsAtFirstSession = new ArrayList<>();
        int[] looks = {0};
        new StartUpProbe((username, operation) -> {
            sessions.add(operation);
            if (sessions.size() == 4) {
                compilerSecondsAtFirstSession.add(compiled[0]);
            }
            return finishedIn(50);
        }, 1, () -> true, () -> {
            looks[0]++;
            if (looks[0] <= 3) {
                compiled[0] += 0.5; // the look before the wait and the two after it saw a burst
            }
            return compiled[0];
        }, Duration.ZERO, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        assertThat(looks[0]).as("one look before waiting, then one a window until a quiet one").isEqualTo(4);
        assertThat(compilerSecondsAtFirstSession).containsExactly(1.5);
        assertThat(printed()).contains("compilers quiet after 3.");
    }

    @Test
    void settlingStopsOnceThreeSessionsAgreeAndIsBounded() throws Exception {
        assertThat(StartUpProbe.settled(100, 129, 110)).isTrue();
        assertThat(StartUpProbe.settled(131, 100, 110)).isFalse();
        assertThat(StartUpProbe.settled(Double.NaN, 100, 100)).as("a session with nothing answered settles nothing").isFalse();
        assertThat(StartUpProbe.settled(List.of(300.0, 100.0, 110.0, 120.0))).as("the last three").isTrue();
        assertThat(StartUpProbe.settled(List.of(100.0, 110.0))).as("fewer than three").isFalse();

        // Round trips that never agree (200, 100, 200, 100, ...): settling gives up after its bound and still measures.
        new StartUpProbe((username, operation) -> {
            sessions.add(operation);
            return finishedIn(sessions.size() % 2 == 1 ? 200 : 100);
        }, 1, () -> true, QUIET, Duration.ZERO, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        assertThat(sessions).hasSize(1 + StartUpProbe.MAX_SETTLING_SESSIONS + 1 + StartUpProbe.WARM_SESSIONS);
        assertThat(printed()).startsWith("warm-up: " + (1 + StartUpProbe.MAX_SETTLING_SESSIONS) + " session(s)");
    }

    @Test
    void anAlreadyEnrolledProbeUserWarmsToo_anyOtherFailureStopsTheProbe() throws Exception {
        SessionReport alreadyEnrolled = new SessionReport(Optional.empty(), Optional.of(ErrorCode.SERVER_USER_ALREADY_ENROLLED), "", 1, 1,
                0,
                List.of(new SessionReport.FrameTiming(1, 0, 80_000_000, true, List.of())), 0, 1, Optional.empty(), List.of(),
                Optional.empty());
        probe(1, () -> true, alreadyEnrolled).run();
        // 80 ms, 100, 50, 50, 50: settled on the last three; then the first and three warm ones.
        assertThat(sessions).hasSize(5 + 1 + StartUpProbe.WARM_SESSIONS).startsWith(Operation.ENROLL).containsOnlyOnce(Operation.ENROLL);

        sessions.clear();
        SessionReport refused = new SessionReport(Optional.empty(), Optional.of(ErrorCode.SERVER_UNAVAILABLE), "", 1, 1, 0,
                List.of(), 0, 1, Optional.empty(), List.of(), Optional.empty());
        probe(1, () -> true, refused).run();
        assertThat(sessions).containsExactly(Operation.ENROLL);
        assertThat(printed()).contains("warning: the warm-up session did not finish (SERVER_UNAVAILABLE)");
    }
}
