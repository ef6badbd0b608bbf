package dev.likeness.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deploy/monitoring read as a Prometheus without the operator, and as a test, need it: the
 * PrometheusRule's groups as a plain rules file, and every query of every Grafana dashboard.
 * deploy/ stays the one source; the local Prometheus and the tests read it from there.
 */
public final class MonitoringFiles {

    /** One query of a dashboard panel: where it is, and its PromQL as Grafana sends it. */
    public record PanelQuery(String dashboard, String panel, String refId, String expr) {

        /**
         * The query as Grafana would send it for a recent time range on the local stack:
         * {@code $__rate_interval} and {@code $__interval} a minute, {@code $__range} five; the
         * namespace variable the local namespace ({@link LocalPrometheus#NAMESPACE}), so a query
         * whose series lack the label finds none; every multi-value variable (pod, customer) "All".
         */
        public String resolved() {
            return expr.replace("$__rate_interval", "1m").replace("$__interval", "1m").replace("$__range", "5m")
                    .replace("$namespace", LocalPrometheus.NAMESPACE).replace("$pod", ".+").replace("$customer", ".+");
        }

        /**
         * True when the query reads series only a cluster exports: Strimzi's Kafka Exporter (committed
         * offsets per consumer group) has no local counterpart.
         */
        public boolean clusterOnly() {
            return CLUSTER_ONLY_JOBS.stream().anyMatch(job -> expr.contains("job=\"" + job + "\""));
        }

        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId + ": " + expr;
        }
    }

    /** A recording rule or an alert of the PrometheusRule. */
    public record Rule(String group, String name, boolean alert, String expr) {
    }

    /** The jobs of exporters that only run in a cluster. */
    public static final List<String> CLUSTER_ONLY_JOBS = List.of("likeness-kafka-exporter");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");

    private final Path monitoring;

    public MonitoringFiles(Path repository) {
        this.monitoring = repository.resolve("deploy").resolve("monitoring");
    }

    public Path prometheusRule() {
        return monitoring.resolve("prometheus-rule.yaml");
    }

    /** Writes the PrometheusRule's spec.groups as a rules file Prometheus and promtool load. */
    public void writeRulesFile(Path target) throws IOException {
        JsonNode rule = YAML.readTree(prometheusRule().toFile());
        if (!"PrometheusRule".equals(rule.path("kind").asText())) {
            throw new IOException(prometheusRule() + " is not a PrometheusRule");
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        YAML.writeValue(target.toFile(), Map.of("groups", rule.path("spec").path("groups")));
    }

    /** Every recording rule and alert, in file order. */
    public List<Rule> rules() throws IOException {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : YAML.readTree(prometheusRule().toFile()).path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                boolean alert = rule.has("alert");
                rules.add(new Rule(group.path("name").asText(), rule.path(alert ? "alert" : "record").asText(), alert,
                        rule.path("expr").asText()));
            }
        }
        return rules;
    }

    /** The Grafana dashboards' files, by name. */
    public List<Path> dashboards() throws IOException {
        try (var files = Files.list(monitoring.resolve("grafana"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Every query of every panel of every dashboard, rows' nested panels included. */
    public List<PanelQuery> panelQueries() throws IOException {
        List<PanelQuery> queries = new ArrayList<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            collect(dashboard.path("title").asText(file.getFileName().toString()), dashboard.path("panels"), queries);
        }
        return queries;
    }

    private static void collect(String dashboard, JsonNode panels, List<PanelQuery> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new PanelQuery(dashboard, panel.path("title").asText(), target.path("refId").asText(),
                        target.path("expr").asText()));
            }
            collect(dashboard, panel.path("panels"), queries);
        }
    }

    /** The variables a query refers to ($name or ${name}). */
    public static List<String> variables(String expr) {
        List<String> names = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(expr);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
