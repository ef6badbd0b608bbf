package dev.likeness.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.client.ProtocolConnection;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.LocalPrometheus;
import dev.likeness.launcher.MonitoringFiles;
import dev.likeness.launcher.StackObservation;
import dev.likeness.launcher.StackPorts;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.newUsername;
import static dev.likeness.system.Sessions.next;
import static dev.likeness.system.Sessions.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards and rules an operator deploys, against a real Prometheus (Debian's binary, as
 * `./likeness up --observe` starts it) scraping the running stack: after sessions that are
 * accepted, rejected and refused, every query of every dashboard panel (the broker's too: the
 * local broker runs the JMX exporter Strimzi runs, with the same rules) and every recording rule
 * returns at least one series, scoped by the namespace and pod labels a cluster's Prometheus adds.
 * A query on a metric no service exports, or with a label value that
 * never appears, returns none and fails here.
 */
@ExtendWith(RunningStack.class)
class ObservedStackSystemTest {

    static final Duration SCRAPED_WITHIN = Duration.ofSeconds(60);

    @Test
    void everyDashboardQueryAndRecordingRuleReturnsSeriesFromTheRunningStack(RunningStack.Stack stack) throws Exception {
        Path binary = LocalPrometheus.binary().orElseThrow(() -> new AssertionError(
                "Prometheus is needed: `apt-get install prometheus`, set PROMETHEUS to the binary, or run .ci/run, which extracts it"));
        LocalPrometheus prometheus = stack.stack().observation().prometheus();
        prometheus.start(binary, StackPorts.freePort(), stack.stack().observation().scrapeTargets(),
                stack.customer().tls().caCertificate());
        try {
            MonitoringFiles monitoring = new MonitoringFiles(Path.of(".."));
            assertThat(prometheus.rulesLoaded()).as("every rule of deploy/monitoring loaded, none unhealthy").isEqualTo(monitoring.rules()
                    .size());

            runSessionsOfEveryKind(stack);

            List<String> queries = new ArrayList<>();
            for (MonitoringFiles.PanelQuery query : monitoring.panelQueries()) {
                if (query.clusterOnly()) {
                    System.out.println("ObservedStackSystemTest: not run here, its exporter runs only in a cluster (Strimzi's Kafka "
                            + "Exporter): " + query);
                } else {
                    queries.add(query.resolved());
                }
            }
            monitoring.rules().stream().filter(rule -> !rule.alert()).forEach(rule -> {
                queries.add(rule.expr());
                queries.add(rule.name()); // ... and what Prometheus recorded under that name
            });
            List<String> empty = withoutSeries(prometheus, queries);
            long deadline = System.nanoTime() + SCRAPED_WITHIN.toNanos();
            while (!empty.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(2_000); // the next scrape and rule evaluation
                empty = withoutSeries(prometheus, empty);
            }
            assertThat(empty).as("queries that returned no series " + SCRAPED_WITHIN.toSeconds() + " s after the sessions").isEmpty();

            List<LocalPrometheus.Target> targets = stack.stack().observation().scrapeTargets();
            long services = targets.stream().filter(target -> !target.job().equals(StackObservation.BROKER_JOB)).count();
            for (var everyProcess : Map.of("up", (long) targets.size(), "likeness_ready", services).entrySet()) {
                JsonNode series = prometheus.query(everyProcess.getKey() + "{namespace=\"" + LocalPrometheus.NAMESPACE + "\"}");
                assertThat(series).as(everyProcess.getKey() + ": one series a process (the broker has no likeness_ready)")
                        .hasSize(everyProcess.getValue().intValue());
                series.forEach(process -> assertThat(process.path("value").get(1).asText()).as(everyProcess.getKey() + " "
                        + process.path("metric")).isEqualTo("1"));
            }
        } finally {
            prometheus.stop();
        }
    }

    /** Finished, refused by auth-service, rejected by the filters, stopped, forbidden at Start; verified and replayed. */
    private static void runSessionsOfEveryKind(RunningStack.Stack stack) throws Exception {
        String user = newUsername("observed");
        SessionReport enrolled = run(stack, Operation.ENROLL, user, faces("grace-hopper"), "observed enrollment");
        assertThat(enrolled.transactionJwt()).isPresent();
        assertThat(stack.backend().verify(enrolled.transactionJwt().get(), DemoCustomer.NAME, user, "enroll",
                "observed enrollment").valid()).isTrue();
        assertThat(stack.backend().verify(enrolled.transactionJwt().get(), DemoCustomer.NAME, user, "enroll",
                "observed enrollment").reason()).isEqualTo("replayed");

        assertThat(run(stack, Operation.ENROLL, user, faces("grace-hopper"),
                "again").error()).contains(ErrorCode.SERVER_USER_ALREADY_ENROLLED);
        assertThat(run(stack, Operation.AUTH, user, faces("grace-hopper-second-photo"), "observed payment").transactionJwt()).isPresent();

        // No face for three seconds: every frame rejected by face_missing, then the client stops.
        SessionReport noFace = new SessionClient(stack.gateway(), 20,
                Duration.ofSeconds(3)).run(new SessionClient.Request(DemoCustomer.NAME,
                        user, Operation.AUTH, "no face", Sessions.token(stack, user, Operation.AUTH, "no face"), DemoCustomer.IMAGE_KEY_ID,
                        stack.customer().loadImagePublicKey()), faces("no-face"), timing -> { });
        assertThat(noFace.acceptedFrames()).isZero();

        try (ProtocolConnection forged = ProtocolConnection.open(stack.gateway(), Sessions.ANSWER_TIMEOUT)) {
            forged.send(Sessions.start(user, Operation.AUTH, "not.a.token", DemoCustomer.IMAGE_KEY_ID));
            assertThat(next(forged).getError().getCode()).isEqualTo(ErrorCode.SERVER_FORBIDDEN);
        }
    }

    private static List<String> withoutSeries(LocalPrometheus prometheus, List<String> queries) throws Exception {
        List<String> empty = new ArrayList<>();
        for (String query : queries) {
            if (prometheus.query(query).isEmpty()) {
                empty.add(query);
            }
        }
        return empty;
    }
}
