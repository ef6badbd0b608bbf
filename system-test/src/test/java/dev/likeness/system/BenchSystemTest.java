package dev.likeness.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.cli.DemoBackendClient;
import dev.likeness.cli.bench.Bench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `./likeness bench` against the running stack, briefly: concurrent sessions within flow control,
 * every frame whose fate is known answered, sessions decided, no error, the figures and the report
 * files written. The figures themselves are the closing note's, not asserted here.
 */
@ExtendWith(RunningStack.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BenchSystemTest {

    @Test
    void aShortSweepRunsConcurrentSessionsAndReportsThem(RunningStack.Stack stack) throws Exception {
        Path gatewayLog = stack.stack().home().resolve("logs").resolve("ingest-gateway.log");
        long gatewayLogBefore = Files.size(gatewayLog);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Bench bench = new Bench(stack.stack(), new DemoBackendClient(URI.create(stack.ports().demoBackendUrl())),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        int status = bench.run(new Bench.Settings(List.of(1, 3), 8, Duration.ofSeconds(4), Path.of("../testdata/faces/grace-hopper"),
                Bench.Kind.AUTH, Duration.ZERO));
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(status).isZero();
        assertThat(output).contains("raw baseline", "pipeline throughput / raw throughput", "knee");

        Path report;
        try (Stream<Path> runs = Files.list(stack.stack().home().resolve("bench"))) {
            // This run's folder: the other test's runs may be there too, and folders are named by their start time.
            report = runs.filter(Files::isDirectory).max(Comparator.comparing(Path::getFileName)).orElseThrow();
        }
        assertThat(report.resolve("report.html")).isNotEmptyFile();
        assertThat(Files.readAllLines(report.resolve("report.csv"))).hasSize(3);
        JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(json.path("rawFramesPerSecond").asDouble()).isPositive();
        assertThat(json.path("steps")).hasSize(2);
        for (JsonNode step : json.path("steps")) {
            assertThat(step.path("framesAnswered").asLong()).as("answered frames").isPositive();
            assertThat(step.path("framesLost").asLong()).as("lost frames").isZero();
            assertThat(step.path("sessionsDecided").asInt()).as("sessions decided").isPositive();
            assertThat(step.path("errors").size()).as("errors " + step.path("errors")).isZero();
            assertThat(step.path("cpuMsPerAnsweredFrame").path("quality-service").asDouble()).isPositive();
            assertThat(step.path("cpuMsPerAnsweredFrame").path("kafka").asDouble()).isPositive();
            assertThat(step.path("cpuMsPerAnsweredFrame").path("load-generator").asDouble()).as("the bench's own share").isPositive();
            // Every process once: the test JVM starts the stack, and its children are not its own load.
            assertThat(step.path("coresBusy").asDouble()).isPositive()
                    .isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors() + 0.25);
        }
        assertThat(json.path("steps").get(1).path("sessions").asInt()).isEqualTo(3);

        // Clients close on their decision as the gateway closes after sending it: healthy sessions log nothing above INFO.
        assertThat(linesAppended(gatewayLog, gatewayLogBefore)).as("gateway warnings while sessions ended normally")
                .filteredOn(line -> line.contains(" WARN ") || line.contains(" ERROR ")).isEmpty();
    }

    @Test
    void aSweepThatRepeatsASessionCountEnrollsNewUsersInEveryStep(RunningStack.Stack stack) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Bench bench = new Bench(stack.stack(), new DemoBackendClient(URI.create(stack.ports().demoBackendUrl())),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(bench.run(new Bench.Settings(List.of(2, 2), 8, Duration.ofSeconds(3), Path.of("../testdata/faces/grace-hopper"),
                Bench.Kind.ENROLL, Duration.ZERO))).isZero();
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        // The second step's users are its own: none is refused as enrolled already by the first.
        assertThat(output).doesNotContain("SERVER_USER_ALREADY_ENROLLED");
        assertThat(output.lines().filter(line -> line.matches("\\s+2\\s.*")).toList()).hasSize(2)
                .allSatisfy(step -> assertThat(step).endsWith("none; none"));
    }

    private static List<String> linesAppended(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return List.of(new String(all, (int) Math.min(from, all.length), (int) (all.length - Math.min(from, all.length)),
                StandardCharsets.UTF_8).split("\n"));
    }
}
