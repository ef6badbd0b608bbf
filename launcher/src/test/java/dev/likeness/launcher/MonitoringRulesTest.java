package dev.likeness.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/monitoring's PrometheusRule through Prometheus's own tool: its groups, written out as a
 * plain rules file, parse (`promtool check rules`), and each alert fires on the series that should
 * fire it, only after its `for`, and stays quiet on a healthy pipeline (`promtool test rules`).
 * promtool comes from Debian's prometheus package (.ci/run extracts it; $PROMTOOL or the PATH).
 */
class MonitoringRulesTest {

    static final Path MONITORING = Path.of("..", "deploy", "monitoring");

    /** The placeholder address the rule carries until an overlay's likeness-runbooks replaces it. */
    static final String RUNBOOK_BASE = "https://likeness.example/deploy/README.md";

    static String promtool() {
        String configured = System.getenv("PROMTOOL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new AssertionError("promtool is needed: `apt-get install prometheus`, or run .ci/run, which extracts "
                + "it"));
    }

    static String run(Path folder, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    @Test
    void theRulesParseAndTheAlertsPassTheirUnitTests(@TempDir Path folder) throws Exception {
        MonitoringFiles monitoring = new MonitoringFiles(Path.of(".."));
        monitoring.writeRulesFile(folder.resolve("likeness-alerts.rules.yaml"));
        Files.copy(MONITORING.resolve("likeness-alerts.test.yaml"), folder.resolve("likeness-alerts.test.yaml"));
        assertThat(run(folder, List.of(promtool(), "check", "rules", "likeness-alerts.rules.yaml")))
                .contains("SUCCESS: " + monitoring.rules().size() + " rules found");
        assertThat(run(folder, List.of(promtool(), "test", "rules", "likeness-alerts.test.yaml"))).contains("SUCCESS");
    }

    @Test
    void everyAlertHasATestThatFiresIt() throws Exception {
        // promtool only checks the alerts a test names: one without a firing case would go untested.
        String tests = Files.readString(MONITORING.resolve("likeness-alerts.test.yaml"));
        for (MonitoringFiles.Rule rule : new MonitoringFiles(Path.of("..")).rules()) {
            if (rule.alert()) {
                assertThat(Pattern.compile("alertname: " + rule.name() + "\\s*\\n\\s*exp_alerts:\\s*\\n\\s*- exp_labels")
                        .matcher(tests).find()).as(rule.name() + " has a test case in which it fires").isTrue();
            }
        }
    }

    /**
     * An alert is actionable: a severity an Alertmanager route can match, and a runbook_url at its
     * own heading of deploy/README.md's Runbooks section (the overlays point the address at the
     * operator's copy: components/runbooks).
     */
    @Test
    void everyAlertHasASeverityAndARunbookSectionInTheDeployReadme() throws Exception {
        Set<String> runbooks = runbookAnchors(Files.readString(MONITORING.resolveSibling("README.md")));
        JsonNode rule = new ObjectMapper(new YAMLFactory()).readTree(MONITORING.resolve("prometheus-rule.yaml").toFile());
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode alert : group.path("rules")) {
                if (!alert.has("alert")) {
                    continue;
                }
                String name = alert.path("alert").asText();
                alerts.add(name.toLowerCase(Locale.ROOT));
                assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("critical", "warning", "info");
                assertThat(alert.path("annotations").path("runbook_url").asText()).as(name)
                        .isEqualTo(RUNBOOK_BASE + "#" + name.toLowerCase(Locale.ROOT));
                assertThat(runbooks).as(name + ": a heading under Runbooks in deploy/README.md").contains(name.toLowerCase(Locale.ROOT));
            }
        }
        assertThat(runbooks).as("no runbook for an alert that does not exist").isEqualTo(alerts);
    }

    /** The anchors of the level-3 headings under "## Runbooks", as GitHub and GitLab make them. */
    static Set<String> runbookAnchors(String readme) {
        Set<String> anchors = new TreeSet<>();
        boolean inRunbooks = false;
        for (String line : readme.lines().toList()) {
            if (line.startsWith("## ")) {
                inRunbooks = line.equals("## Runbooks");
            } else if (inRunbooks && line.startsWith("### ")) {
                anchors.add(line.substring(4).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
