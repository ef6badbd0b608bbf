package dev.likeness.launcher;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/monitoring's alert rules through Prometheus's own tool: they parse (`promtool check
 * rules`) and each alert fires on the series that should fire it, only after its `for`, and stays
 * quiet on a healthy pipeline (`promtool test rules`). promtool comes from Debian's prometheus
 * package (.ci/run extracts it; $PROMTOOL or the PATH finds it).
 */
class MonitoringRulesTest {

    static final Path MONITORING = Path.of("..", "deploy", "monitoring");

    static String promtool() {
        String configured = System.getenv("PROMTOOL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new AssertionError("promtool is needed: `apt-get install prometheus`, or run .ci/run, which extracts it"));
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(MONITORING.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    @Test
    void theAlertRulesParseAndPassTheirUnitTests() throws Exception {
        assertThat(run(List.of(promtool(), "check", "rules", "likeness-alerts.rules.yaml"))).contains("SUCCESS: 6 rules found");
        assertThat(run(List.of(promtool(), "test", "rules", "likeness-alerts.test.yaml"))).contains("SUCCESS");
    }
}
