package dev.likeness.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.launcher.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The bench's statistics: percentiles, rates, fractions, CPU per frame, and the knee of a sweep. */
class StepResultTest {

    /** A step of 10 s at 8 fps; frames sent and not among the round trips were lost. */
    static StepResult step(int sessions, long sent, double... roundTrips) {
        return new StepResult(sessions, 10, sessions * 80L, sent, sent - roundTrips.length, roundTrips, 3, Map.of(), Map.of(), Set.of(),
                Map.of("quality-service", 2.0),
                Map.of("quality-service", 0.5), Map.of());
    }

    @Test
    void decisionsAreCountedPerSecondAndPerServerCpuSecondTheLoadGeneratorApart() {
        StepResult s = new StepResult(10, 20, 1600, 1000, 0, new double[900], 40, Map.of(), Map.of(), Set.of(),
                Map.of("quality-service", 30.0, "auth-service", 20.0, StepResult.LOAD_GENERATOR, 6.0), Map.of(), Map.of());
        assertThat(s.decisionsPerSecond()).isEqualTo(2.0);
        assertThat(s.serverCpuSecondsPerDecision()).as("(30 + 20) s over 40 decisions; the bench's 6 s are its own").isEqualTo(1.25);
        assertThat(new StepResult(1, 10, 80, 0, 0, new double[0], 0, Map.of(), Map.of(), Set.of(), Map.of("quality-service", 1.0),
                Map.of(), Map.of()).serverCpuSecondsPerDecision()).isNaN();
    }

    @Test
    void thePlumbingShareIsTheCpuOutsideTheEnginePerProcessAndOverAllServers() {
        StepResult s = new StepResult(10, 20, 1600, 1000, 0, new double[900], 40, Map.of(), Map.of(), Set.of(),
                Map.of("quality-service", 20.0, "auth-service", 10.0, "ingest-gateway", 5.0, "kafka", 5.0, StepResult.LOAD_GENERATOR, 6.0),
                Map.of(), Map.of("quality-service", 16.0, "auth-service", 7.0));
        assertThat(s.plumbingShare("quality-service")).isCloseTo(0.2, within(1e-9));
        assertThat(s.plumbingShare("auth-service")).isCloseTo(0.3, within(1e-9));
        assertThat(s.plumbingShare("ingest-gateway")).as("no engine at all").isEqualTo(1.0);
        assertThat(s.plumbingShare("jwt-verifier")).as("no CPU measured").isNaN();
        assertThat(s.serverPlumbingShare()).as("(40 - 23) of 40 server CPU seconds; the bench's 6 apart")
                .isCloseTo(17.0 / 40, within(1e-9));
    }

    @Test
    void percentilesAreNearestRankOverEveryAnsweredFrame() {
        double[] trips = new double[100];
        for (int i = 0; i < 100; i++) {
            trips[i] = 100 - i; // 100, 99, ..., 1: the order they came in does not matter
        }
        StepResult s = step(1, 100, trips);
        assertThat(s.roundTripPercentile(50)).isEqualTo(50);
        assertThat(s.roundTripPercentile(95)).isEqualTo(95);
        assertThat(s.roundTripPercentile(99)).isEqualTo(99);
        assertThat(s.roundTripMax()).isEqualTo(100);
        assertThat(step(1, 3, 7, 9, 8).roundTripPercentile(99)).isEqualTo(9);
        assertThat(step(1, 0).roundTripPercentile(50)).isNaN();
    }

    @Test
    void ratesFractionsAndCpuAreOverTheStep() {
        StepResult s = step(2, 50, new double[40]);
        assertThat(s.offeredFps()).isEqualTo(16); // 160 camera frames in 10 s
        assertThat(s.sentFps()).isEqualTo(5);
        assertThat(s.answeredFps()).isEqualTo(4);
        assertThat(s.answeredFraction()).isEqualTo(0.8);
        assertThat(s.cpuMillisPerAnsweredFrame("quality-service")).isCloseTo(50, within(1e-9));
        assertThat(s.cpuMillisPerAnsweredFrame("kafka")).isZero();
        assertThat(s.compilerCpuMillisPerAnsweredFrame("quality-service")).as("the JIT's share, per frame as the whole").isCloseTo(12.5,
                within(1e-9));
        assertThat(s.compilerCpuMillisPerAnsweredFrame("kafka")).isZero();
        assertThat(step(1, 0).compilerCpuMillisPerAnsweredFrame("quality-service")).isNaN();
        assertThat(step(1, 0).answeredFraction()).isEqualTo(1);
        assertThat(new StepResult(2, 10, 160, 50, 0, new double[40], 3, Map.of(), Map.of(), Set.of(),
                Map.of("quality-service", 8.0, "kafka", 4.0, StepResult.LOAD_GENERATOR, 3.0), Map.of(), Map.of()).coresBusy())
                .as("15 CPU seconds in 10 s, the load generator's included").isCloseTo(1.5, within(1e-9));
    }

    @Test
    void theCpuOfEveryProcessBoundsTheRate() {
        StepResult s = new StepResult(2, 10, 160, 50, 0, new double[40], 3, Map.of(), Map.of(), Set.of(),
                Map.of("quality-service", 8.0, "kafka", 4.0, StepResult.LOAD_GENERATOR, 3.0), Map.of("quality-service", 1.5, "kafka",
                0.75), Map.of());
        assertThat(s.cpuMillisPerAnsweredFrame()).as("15 CPU seconds over 40 answered frames").isCloseTo(375, within(1e-9));
        assertThat(s.cpuBoundFps(2)).as("2 cores at 375 ms a frame").isCloseTo(5.333, within(1e-3));
        assertThat(s.compilerShare()).as("2.25 of 15 CPU seconds compiling").isCloseTo(0.15, within(1e-9));
        assertThat(step(1, 0).cpuMillisPerAnsweredFrame()).isNaN();
        assertThat(step(1, 0).cpuBoundFps(2)).isNaN();
        assertThat(new StepResult(1, 10, 80, 0, 0, new double[0], 0, Map.of(), Map.of(), Set.of(), Map.of(), Map.of(), Map.of())
                .compilerShare())
                .as("no CPU measured").isNaN();
    }

    @Test
    void aWarmUpEndsOnceTheCompilersShareIsSmall() {
        assertThat(Bench.settled(withCompiling(0.14))).isTrue();
        assertThat(Bench.settled(withCompiling(Bench.SETTLED_COMPILER_SHARE))).isTrue();
        assertThat(Bench.settled(withCompiling(0.16))).as("a third of the CPU compiling, as a fresh stack does").isFalse();
        assertThat(Bench.settled(withCompiling(0.33))).isFalse();
        assertThat(Bench.settled(new StepResult(1, 10, 80, 0, 0, new double[0], 0, Map.of(), Map.of(), Set.of(), Map.of(), Map.of(),
                Map.of())))
                .as("a window that measured nothing proves nothing").isFalse();
    }

    /** A window in which the compilers used {@code share} of the 10 CPU seconds of two processes. */
    private static StepResult withCompiling(double share) {
        return new StepResult(4, 10, 320, 300, 0, new double[300], 20, Map.of(), Map.of(), Set.of(),
                Map.of("quality-service", 6.0, "ingest-gateway", 4.0), Map.of("quality-service", 6.0 * share, "ingest-gateway",
                4.0 * share), Map.of());
    }

    @Test
    void theKneeIsTheLargestStepWithinBothLimits() {
        double[] fast = new double[200];
        Arrays.fill(fast, 60);
        double[] slow = fast.clone();
        slow[199] = 900;
        slow[198] = 900;
        slow[197] = 900; // 1.5 % over 150 ms: the p99 of 200 frames is the 198th, 900 ms
        assertThat(Knee.of(List.of(step(1, 200, fast), step(2, 200, fast), step(4, 200, slow)))).hasValue(2);
        // Answered under 99 % of sent is outside too, however fast.
        assertThat(Knee.of(List.of(step(1, 200, fast), step(8, 202, fast)))).hasValue(8);
        assertThat(Knee.of(List.of(step(1, 200, fast), step(8, 205, fast)))).hasValue(1);
        assertThat(Knee.of(List.of(step(4, 200, slow)))).isEmpty();
        assertThat(Knee.of(List.of(step(4, 0)))).as("nothing answered is no evidence").isEmpty();
    }

    @Test
    void prometheusCountersAreSummedByLabel() {
        String text = """
                # TYPE likeness_gateway_frames_dropped_total counter
                likeness_gateway_frames_dropped_total{reason="no_credit"} 12.0
                likeness_quality_frames_total{outcome="stale",instance="a"} 2.0
                likeness_quality_frames_total{instance="b",outcome="stale"} 3.0
                likeness_quality_frames_total{outcome="accepted"} 40.0
                likeness_quality_frames_totally_other{outcome="stale"} 99.0
                """;
        assertThat(PrometheusText.byLabel(text, "likeness_gateway_frames_dropped_total", "reason")).containsEntry("no_credit", 12.0);
        assertThat(PrometheusText.byLabel(text, "likeness_quality_frames_total", "outcome"))
                .containsEntry("stale", 5.0).containsEntry("accepted", 40.0).hasSize(2);
    }

    @Test
    void theReportFilesCarryEveryStep(@TempDir Path folder) throws Exception {
        double[] trips = {40, 50, 60};
        List<StepResult> steps = List.of(step(1, 3, trips), step(2, 4, trips));
        BenchReport report = new BenchReport(new Bench.Settings(List.of(1, 2), 8, Duration.ofSeconds(10),
                Path.of("faces"), Bench.Kind.AUTH, Duration.ofSeconds(30)), 100,
                new Bench.WarmUp(20.4, List.of(0.31, 0.12), true), steps, Knee.of(steps));
        report.write(folder);
        List<String> csv = Files.readAllLines(folder.resolve("report.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).startsWith("sessions,offered_fps").endsWith("cpu_ms_per_frame_quality-service");
        assertThat(csv.get(2)).startsWith("2,16.00,0.40,0.30,160,4,3,1,0.7500,50.0,60.0,60.0,60.0,3");
        var json = new ObjectMapper().readTree(folder.resolve("report.json").toFile());
        assertThat(json.path("steps")).hasSize(2);
        assertThat(json.path("knee").asInt()).isEqualTo(1);
        assertThat(json.path("pipelineOverRaw").asDouble()).isCloseTo(0.003, within(1e-9));
        assertThat(json.path("warmUp").path("settled").asBoolean()).isTrue();
        assertThat(json.path("warmUp").path("jitCpuShareByWindow")).hasSize(2);
        assertThat(json.path("steps").get(0).path("cpuMsPerAnsweredFrameAll").asDouble()).as("2 CPU seconds over 3 frames")
                .isCloseTo(666.7, within(0.1));
        assertThat(csv.get(0)).contains(",cpu_ms_per_frame_all,cpu_bound_fps,jit_cpu_share,");
        String html = Files.readString(folder.resolve("report.html"));
        assertThat(html).contains("<svg", "polyline", "Knee", "settled after 20 s", "31%, 12%", "CPU bound").doesNotContain("NaN");
    }
}
