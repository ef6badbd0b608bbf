package dev.likeness.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/monitoring/grafana without a Grafana: each dashboard is well formed (its panels on the
 * 24-column grid, every query on the datasource variable and scoped to the chosen namespace, no
 * variable the dashboard does not define), every query is valid PromQL (promtool parses them as recording rules), and the
 * configMapGenerator ships every dashboard file. That the queries find series on the running
 * stack is ObservedStackSystemTest's part.
 */
class GrafanaDashboardsTest {

    static final Path REPOSITORY = Path.of("..");
    static final Set<String> GRAFANA_BUILT_INS = Set.of("__rate_interval", "__interval", "__range");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachDashboardIsWellFormed() throws Exception {
        MonitoringFiles monitoring = new MonitoringFiles(REPOSITORY);
        Set<String> uids = new HashSet<>();
        assertThat(monitoring.dashboards()).extracting(file -> file.getFileName().toString())
                .containsExactly("likeness-customers.json", "likeness-kafka.json", "likeness-overview.json", "likeness-quality-funnel.json",
                        "likeness-services.json");
        for (Path file : monitoring.dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            String name = file.getFileName().toString();
            assertThat(uids.add(dashboard.path("uid").asText())).as(name + " has its own uid").isTrue();
            assertThat(dashboard.path("title").asText()).as(name).startsWith("Likeness / ");
            List<String> variables = dashboard.path("templating").path("list").findValuesAsText("name");
            assertThat(variables).as(name + ": a datasource picker, and the namespace of one deployment")
                    .contains("datasource", "namespace");
            Set<String> known = new HashSet<>(GRAFANA_BUILT_INS);
            known.addAll(variables);
            Set<Integer> ids = new HashSet<>();
            int queries = 0;
            for (JsonNode panel : dashboard.path("panels")) {
                String title = name + " / " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt())).as(title + ": its own id").isTrue();
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title + ": within the 24 columns").isBetween(1, 24);
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.path("description").asText()).as(title + ": says what it shows").isNotBlank();
                assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                assertThat(panel.path("targets")).as(title + ": has queries").isNotEmpty();
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : panel.path("targets")) {
                    queries++;
                    assertThat(refIds.add(target.path("refId").asText())).as(title).isTrue();
                    assertThat(target.path("expr").asText()).as(title).isNotBlank();
                    assertThat(MonitoringFiles.variables(target.path("expr").asText())).as(title + ": only variables Grafana fills in")
                            .allMatch(known::contains);
                    assertThat(target.path("expr").asText()).as(title + ": scoped to the chosen namespace")
                            .contains("namespace=~\"$namespace\"");
                }
            }
            assertThat(queries).as(name).isGreaterThan(5);
        }
    }

    @Test
    void everyQueryIsValidPromQl(@TempDir Path folder) throws Exception {
        List<Map<String, String>> rules = new ArrayList<>();
        List<MonitoringFiles.PanelQuery> queries = new MonitoringFiles(REPOSITORY).panelQueries();
        for (int i = 0; i < queries.size(); i++) {
            Map<String, String> rule = new LinkedHashMap<>();
            rule.put("record", "likeness_dashboard_query_" + i);
            rule.put("expr", queries.get(i).resolved());
            rules.add(rule);
        }
        new ObjectMapper(new YAMLFactory()).writeValue(folder.resolve("dashboards.rules.yaml").toFile(),
                Map.of("groups", List.of(Map.of("name", "dashboards", "rules", rules))));
        assertThat(MonitoringRulesTest.run(folder, List.of(MonitoringRulesTest.promtool(), "check", "rules", "dashboards.rules.yaml")))
                .contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void theConfigMapGeneratorShipsEveryDashboard() throws Exception {
        JsonNode kustomization = new ObjectMapper(new YAMLFactory()).readTree(REPOSITORY.resolve("deploy/monitoring/kustomization.yaml")
                .toFile());
        JsonNode generator = kustomization.path("configMapGenerator").get(0);
        Set<String> shipped = new HashSet<>();
        generator.path("files").forEach(file -> shipped.add(file.asText()));
        Set<String> present = new HashSet<>();
        long bytes = 0;
        for (Path file : new MonitoringFiles(REPOSITORY).dashboards()) {
            present.add("grafana/" + file.getFileName());
            bytes += Files.size(file);
        }
        assertThat(shipped).isEqualTo(present);
        assertThat(generator.path("options").path("labels").path("grafana_dashboard").asText())
                .as("the label Grafana's dashboard sidecar looks for").isEqualTo("1");
        assertThat(bytes).as("all in one ConfigMap: at most 1 MiB, and client-side apply keeps a copy in a 256 KiB annotation")
                .isLessThan(200_000);
    }
}
