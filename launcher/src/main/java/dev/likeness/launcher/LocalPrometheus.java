package dev.likeness.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.crypto.TrustAnchors;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Debian's {@code prometheus} binary scraping the local stack's services with deploy/monitoring's
 * rules, so the alerts and dashboards an operator deploys can be seen, and tested, on one machine.
 * Its data and configuration live in {@code <home>/prometheus}; it runs as one more
 * {@link ManagedProcess}. Not a daemon of the system: nothing is installed or left behind.
 */
public final class LocalPrometheus {

    public static final String NAME = "prometheus";
    /** `./likeness up --observe`'s port: clear of the system Prometheus's 9090 (auth-service's gRPC here). */
    public static final int DEFAULT_PORT = 9190;
    /** The namespace label every local series carries, as a cluster's carry theirs. */
    public static final String NAMESPACE = "likeness-local";
    /** Scrape and evaluate often: the local stack is small, and a test should not wait minutes. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    /**
     * One process to scrape, labelled as the Prometheus operator labels a pod's series: its job
     * (the service's name, as the PodMonitor sets it), its pod and the namespace; where it serves
     * metrics (https, with a certificate of {@code caFile}, for auth-service and jwt-verifier).
     */
    public record Target(String job, String pod, URI metricsUrl) {
    }

    /** An alert Prometheus evaluates as pending or firing. */
    public record Alert(String name, String state, Map<String, String> labels) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = TrustAnchors.httpClient(Optional.empty(), Duration.ofSeconds(2));

    private final Path repository;
    private final Path folder;
    private final ManagedProcess process;

    public LocalPrometheus(Path repository, Path home) {
        this.repository = repository;
        this.folder = home.resolve(NAME);
        this.process = new ManagedProcess(NAME, home.resolve("run"), home.resolve("logs"));
    }

    /** The binary: $PROMETHEUS, beside $PROMTOOL (.ci/run extracts both), on the PATH, or none. */
    public static Optional<Path> binary() {
        String configured = System.getenv("PROMETHEUS");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        String promtool = System.getenv("PROMTOOL");
        if (promtool != null && !promtool.isBlank() && Files.isExecutable(Path.of(promtool).resolveSibling(NAME))) {
            return Optional.of(Path.of(promtool).resolveSibling(NAME));
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, NAME)).filter(Files::isExecutable).findFirst();
    }

    /** Writes the configuration and the rules, starts Prometheus on {@code port}, and waits until it is ready. */
    public void start(Path binary, int port, List<Target> targets, Path caFile) throws Exception {
        if (Probes.inUse(port)) {
            throw new IllegalStateException("port " + port + " is in use: Prometheus cannot listen on it");
        }
        Files.createDirectories(folder);
        new MonitoringFiles(repository).writeRulesFile(folder.resolve("likeness.rules.yaml"));
        Files.writeString(folder.resolve("prometheus.yml"), configuration(targets, caFile));
        Files.writeString(folder.resolve("port"), String.valueOf(port));
        process.start(List.of(binary.toString(), "--config.file=" + folder.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + folder.resolve("data"), "--storage.tsdb.retention.time=2d",
                "--web.listen-address=127.0.0.1:" + port), folder);
        Probes.waitUntil(this::ready, NAME, process);
    }

    /**
     * The scrape configuration: one job per service, each process a target with its pod and
     * namespace labels; https ones trust {@code caFile}.
     */
    static String configuration(List<Target> targets, Path caFile) {
        String interval = INTERVAL.toSeconds() + "s";
        StringBuilder yaml = new StringBuilder()
                .append("# Written by ./likeness up --observe (LocalPrometheus); the rules come from "
                + "deploy/monitoring/prometheus-rule.yaml.\n")
                .append("global:\n  scrape_interval: ").append(interval).append("\n  evaluation_interval: ").append(interval).append('\n')
                .append("rule_files:\n  - likeness.rules.yaml\n")
                .append("scrape_configs:\n");
        Map<String, List<Target>> byJob = new TreeMap<>();
        targets.forEach(target -> byJob.computeIfAbsent(target.job(), job -> new ArrayList<>()).add(target));
        byJob.forEach((job, processes) -> {
            URI first = processes.get(0).metricsUrl();
            yaml.append("  - job_name: ").append(job).append("\n    metrics_path: ").append(first.getPath())
                    .append("\n    scheme: ").append(first.getScheme()).append('\n');
            if (first.getScheme().equals("https")) {
                yaml.append("    tls_config:\n      ca_file: \"").append(caFile).append("\"\n");
            }
            yaml.append("    static_configs:\n");
            processes.forEach(process -> yaml.append("      - targets: [\"").append(process.metricsUrl().getAuthority())
                    .append("\"]\n        labels: {namespace: ").append(NAMESPACE).append(", pod: ").append(process.pod()).append("}\n"));
        });
        return yaml.toString();
    }

    /** Stops it (its data stays in the home folder until the next start overwrites the configuration). */
    public void stop() throws IOException {
        process.stop(Duration.ofSeconds(10));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    ManagedProcess process() {
        return process;
    }

    /** The port it was last started on. */
    public int port() throws IOException {
        return Integer.parseInt(Files.readString(folder.resolve("port")).trim());
    }

    public String url() throws IOException {
        return "http://localhost:" + port();
    }

    boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Evaluates a PromQL expression now; the series it returns (an empty array when none).
     *
     * @throws IOException when Prometheus refuses the expression (a syntax error, an unknown function)
     */
    public JsonNode query(String expr) throws IOException, InterruptedException {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        JsonNode result = answer.path("data").path("result");
        return answer.path("data").path("resultType").asText().equals("vector")
                || answer.path("data").path("resultType").asText().equals("matrix")
                ? result : JSON.createArrayNode().add(result);
    }

    /** The alerts pending or firing now. */
    public List<Alert> alerts() throws IOException, InterruptedException {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode alert : get("/api/v1/alerts").path("data").path("alerts")) {
            Map<String, String> labels = new TreeMap<>();
            alert.path("labels").fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
            alerts.add(new Alert(labels.getOrDefault("alertname", "?"), alert.path("state").asText(), labels));
        }
        return alerts;
    }

    /** How many rules Prometheus has loaded; fails on one whose last evaluation was an error ("unknown" = not evaluated yet). */
    public int rulesLoaded() throws IOException, InterruptedException {
        int rules = 0;
        for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if ("err".equals(rule.path("health").asText())) {
                    throw new IOException("rule " + rule.path("name").asText() + " is unhealthy: " + rule.path("lastError").asText());
                }
                rules++;
            }
        }
        return rules;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(answer.path("status").asText())) {
            throw new IOException("Prometheus answered " + response.statusCode() + ": " + answer.path("error").asText(response.body()));
        }
        return answer;
    }
}
