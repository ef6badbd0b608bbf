package dev.likeness.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.likeness.images.BaseImage;
import dev.likeness.images.ServiceImages;
import dev.likeness.proto.Topics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/ against the code: the Kafka topics match TopicPolicy (the local broker's one
 * declaration), each service's Kafka user may do what its code does and no more, KEDA cannot
 * scale quality workers past the partitions, and every overlay renders with kubectl kustomize.
 */
class DeploymentManifestsTest {

    static final Path DEPLOY = Path.of("..", "deploy");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What each Kafka client's code does, as "operation resource" lines. */
    static final Map<String, Set<String>> CLIENT_NEEDS = Map.of(
            "ingest-gateway", Set.of("Write topic " + Topics.FRAMES, "Describe topic " + Topics.FRAMES,
                    "Read topic " + Topics.SESSION_EVENTS, "Describe topic " + Topics.SESSION_EVENTS, "Read group ingest-gateway"),
            "quality-service", Set.of("Read topic " + Topics.FRAMES, "Describe topic " + Topics.FRAMES, "Read group quality",
                    "Write topic " + Topics.FRAMES_ACCEPTED, "Describe topic " + Topics.FRAMES_ACCEPTED,
                    "Write topic " + Topics.SESSION_EVENTS, "Describe topic " + Topics.SESSION_EVENTS),
            "auth-relay", Set.of("Read topic " + Topics.FRAMES_ACCEPTED, "Describe topic " + Topics.FRAMES_ACCEPTED,
            "Read group auth-relay",
                    "Write topic " + Topics.SESSION_EVENTS, "Describe topic " + Topics.SESSION_EVENTS),
            "keda", Set.of("Describe topic " + Topics.FRAMES, "Describe group quality"));

    /** Every document of every YAML file in deploy/base. */
    static List<JsonNode> base() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var files = Files.list(DEPLOY.resolve("base"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    YAML.readValues(parser,
                            JsonNode.class).readAll().stream().filter(d -> d != null && !d.isEmpty()).forEach(documents::add);
                }
            }
        }
        return documents;
    }

    static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    /** The Deployments and StatefulSets: the five services' workloads. */
    static List<JsonNode> workloads(List<JsonNode> documents) {
        List<JsonNode> workloads = new ArrayList<>(ofKind(documents, "Deployment"));
        workloads.addAll(ofKind(documents, "StatefulSet"));
        return workloads;
    }

    static JsonNode named(List<JsonNode> documents, String kind, String name) {
        return ofKind(documents, kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/base"));
    }

    @Test
    void theKafkaTopicsAreTopicPolicysTopics() throws Exception {
        List<JsonNode> topics = ofKind(base(), "KafkaTopic");
        assertThat(topics.stream().map(t -> t.path("metadata").path("name").asText()).collect(Collectors.toSet()))
                .isEqualTo(TopicPolicy.TOPICS.stream().map(TopicPolicy.TopicSpec::name).collect(Collectors.toSet()));
        for (TopicPolicy.TopicSpec expected : TopicPolicy.TOPICS) {
            JsonNode spec = topics.stream().filter(t
                    -> t.path("metadata").path("name").asText().equals(expected.name())).findFirst().orElseThrow().path("spec");
            assertThat(spec.path("partitions").asInt()).as(expected.name() + " partitions").isEqualTo(expected.partitions());
            for (Map.Entry<String, String> setting : expected.config().entrySet()) {
                assertThat(spec.path("config").path(setting.getKey()).asText()).as(expected.name() + " "
                        + setting.getKey()).isEqualTo(setting.getValue());
            }
        }
    }

    @Test
    void eachKafkaUserHasExactlyTheAclsItsCodeNeeds() throws Exception {
        List<JsonNode> users = ofKind(base(), "KafkaUser");
        assertThat(users.stream().map(u
                -> u.path("metadata").path("name").asText()).collect(Collectors.toSet())).isEqualTo(CLIENT_NEEDS.keySet());
        for (JsonNode user : users) {
            String name = user.path("metadata").path("name").asText();
            assertThat(user.path("spec").path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
            Set<String> granted = new TreeSet<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                assertThat(acl.path("resource").path("patternType").asText()).as(name
                        + ": no prefix or wildcard grants").isEqualTo("literal");
                for (JsonNode operation : acl.path("operations")) {
                    granted.add(operation.asText() + " " + acl.path("resource").path("type").asText() + " "
                            + acl.path("resource").path("name").asText());
                }
            }
            assertThat(granted).as(name).isEqualTo(new TreeSet<>(CLIENT_NEEDS.get(name)));
        }
    }

    @Test
    void kedaScalesQualityWorkersOnTheirGroupsLagWithinThePartitions() throws Exception {
        List<JsonNode> documents = base();
        JsonNode scaled = named(documents, "ScaledObject", "quality-service").path("spec");
        JsonNode trigger = scaled.path("triggers").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        assertThat(trigger.path("metadata").path("consumerGroup").asText()).isEqualTo("quality");
        assertThat(trigger.path("metadata").path("topic").asText()).isEqualTo(Topics.FRAMES);
        assertThat(trigger.path("metadata").path("offsetResetPolicy").asText()).as("the consumer's auto.offset.reset").isEqualTo("latest");
        assertThat(trigger.path("metadata").path("lagThreshold").isTextual()).as("KEDA's metadata values are strings").isTrue();
        // KEDA reads committed offsets: what a busy worker has judged but not yet committed must stay
        // small against the threshold, or it scales on commit timing instead of backlog.
        Properties built = new Properties();
        try (var in = Files.newBufferedReader(Path.of("..", "quality-service", "src", "main", "resources", "application.properties"))) {
            built.load(in);
        }
        double commitSeconds = Integer.parseInt(built.getProperty("mp.messaging.incoming.frames.auto.commit.interval.ms")) / 1000.0;
        double busyWorkerFramesPerSecond = 60;
        assertThat(commitSeconds * busyWorkerFramesPerSecond).as("uncommitted frames of a busy worker, at most")
                .isLessThanOrEqualTo(0.3 * Integer.parseInt(trigger.path("metadata").path("lagThreshold").asText()));
        assertThat(scaled.path("fallback").path("replicas").asInt()).as("a fallback when KEDA cannot read the lag")
                .isEqualTo(scaled.path("maxReplicaCount").asInt());
        if (scaled.path("minReplicaCount").asInt() >= 1) {
            assertThat(scaled.has("cooldownPeriod") || trigger.path("metadata").has("activationLagThreshold"))
                    .as("they only govern scaling to and from zero").isFalse();
        }
        // Each pod runs one consumer per core it requests: all of them at the most pods, within the partitions.
        Properties config = new Properties();
        config.load(new StringReader(named(documents, "ConfigMap",
                "quality-service-config").path("data").path("application.properties").asText()));
        int consumers = Integer.parseInt(config.getProperty("likeness.quality.consumers"));
        JsonNode pod = named(documents, "Deployment",
                "quality-service").path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(pod.path("resources").path("requests").path("cpu").asText()).as("a consumer per requested core")
                .isEqualTo(String.valueOf(consumers));
        assertThat(scaled.path("maxReplicaCount").asInt() * consumers).isLessThanOrEqualTo(TopicPolicy.FRAME_PARTITIONS);
        assertThat(named(documents, "Deployment",
                "quality-service").path("spec").has("replicas")).as("KEDA owns the replica count").isFalse();
        named(documents, "TriggerAuthentication", trigger.path("authenticationRef").path("name").asText());
        assertThat(named(documents, "StatefulSet", "ingest-gateway").path("spec").has("replicas"))
                .as("the HPA owns the gateway's replica count: an apply must not scale it back").isFalse();
        assertThat(named(documents, "StatefulSet", "ingest-gateway").at("/spec/template/spec/terminationGracePeriodSeconds").asInt())
                .as("outlasts the gateway's drain (likeness.gateway.drain-timeout, 75 s)").isGreaterThan(75);
        // The gateway's HPA stays within the reply partitions (one per instance).
        assertThat(named(documents, "HorizontalPodAutoscaler", "ingest-gateway").path("spec").path("maxReplicas").asInt())
                .isLessThanOrEqualTo(TopicPolicy.SESSION_EVENT_PARTITIONS);
    }

    @Test
    void everyServiceRunsNonRootWithProbesLimitsAndADisruptionBudget() throws Exception {
        List<JsonNode> documents = base();
        List<JsonNode> workloads = workloads(documents);
        assertThat(workloads).hasSize(5);
        for (JsonNode workload : workloads) {
            String name = workload.path("metadata").path("name").asText();
            JsonNode pod = workload.path("spec").path("template").path("spec");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name).isTrue();
            JsonNode container = pod.path("containers").get(0);
            assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/q/health/ready");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/q/health/live");
            assertThat(container.path("resources").path("limits").path("memory").asText()).as(name).isNotEmpty();
            assertThat(container.path("resources").path("requests").path("cpu").asText()).as(name).isNotEmpty();
            named(documents, "PodDisruptionBudget", name);
            // The writable /tmp is bounded: past its limit the pod is evicted and replaced, rather than filling the node's disk.
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("emptyDir")) {
                    assertThat(volume.path("emptyDir").path("sizeLimit").asText()).as(name + " "
                            + volume.path("name").asText()).isNotEmpty();
                }
            }
            // Key files are readable by the service's user alone (0400; kubelet adds group read for fsGroup).
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("secret")) {
                    assertThat(volume.path("secret").path("defaultMode").asInt()).as(name + " " + volume.path("name").asText())
                            .isEqualTo(0400);
                }
            }
            // Secrets reach the service as files or secretKeyRefs, never as literal values in a manifest.
            for (JsonNode env : container.path("env")) {
                String variable = env.path("name").asText();
                if (variable.contains("PASSWORD") || variable.contains("JAAS")) {
                    assertThat(env.has("value")).as(name + " " + variable + " is a literal").isFalse();
                    assertThat(env.path("valueFrom").has("secretKeyRef")).as(name + " " + variable).isTrue();
                }
            }
        }
        assertThat(ofKind(documents, "Secret")).as("no Secret is committed").isEmpty();
    }

    /**
     * Every file a service's configuration names under /etc/likeness is on a volume its container
     * mounts: a key the ConfigMap points at but no volume provides stops the service at start.
     */
    @Test
    void everyConfiguredFileIsOnAMountedVolume() throws Exception {
        List<JsonNode> documents = base();
        List<JsonNode> workloads = workloads(documents);
        Pattern file = Pattern.compile("=(/etc/likeness/[^\\s,]+)");
        int files = 0;
        for (JsonNode workload : workloads) {
            String name = workload.path("metadata").path("name").asText();
            JsonNode container = workload.path("spec").path("template").path("spec").path("containers").get(0);
            List<String> mounts = new ArrayList<>();
            container.path("volumeMounts").forEach(mount -> mounts.add(mount.path("mountPath").asText() + "/"));
            String properties = named(documents, "ConfigMap", name + "-config").path("data").path("application.properties").asText();
            Matcher configured = file.matcher(properties);
            while (configured.find()) {
                String path = configured.group(1);
                files++;
                assertThat(mounts).as(name + ": " + path).anyMatch(path::startsWith);
            }
        }
        assertThat(files).as("files the services' configurations name").isGreaterThan(10);
    }

    /**
     * One database role per service: the three that use PostgreSQL take their credentials from
     * three Secrets, and prod's cluster makes the gateways' and verifiers' roles with nothing but
     * the right to create their own schema (RolePerServiceTest shows what that denies).
     */
    @Test
    void eachServiceUsesADatabaseRoleOfItsOwn() throws Exception {
        List<JsonNode> documents = base();
        Map<String, Set<String>> secretsByService = new TreeMap<>();
        List<JsonNode> workloads = workloads(documents);
        for (JsonNode workload : workloads) {
            for (JsonNode env : workload.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
                if (env.path("name").asText().startsWith("LIKENESS_DATABASE_")) {
                    secretsByService.computeIfAbsent(workload.path("metadata").path("name").asText(), s -> new TreeSet<>())
                            .add(env.path("valueFrom").path("secretKeyRef").path("name").asText());
                }
            }
        }
        assertThat(secretsByService).containsExactlyInAnyOrderEntriesOf(Map.of("auth-service", Set.of("likeness-database"),
                "ingest-gateway", Set.of("likeness-database-gateway"), "jwt-verifier", Set.of("likeness-database-verifier")));
        String cluster = Files.readString(DEPLOY.resolve("components/database/cluster.yaml"));
        assertThat(cluster).contains("CREATE ROLE likeness_gateway LOGIN", "CREATE ROLE likeness_verifier LOGIN",
                "GRANT CREATE ON DATABASE likeness TO likeness_gateway, likeness_verifier", "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }

    /**
     * The JWKS (which decides which tokens are genuine), the admin API and the verdicts cross the
     * network only over TLS: auth-service and jwt-verifier serve HTTPS alone, their probes use it,
     * and the verifier fetches the JWKS over https from a certificate of the configured CA.
     */
    @Test
    void theJwksTheAdminApiAndTheVerdictsAreServedOnlyOverTls() throws Exception {
        List<JsonNode> documents = base();
        for (String service : List.of("auth-service", "jwt-verifier")) {
            Properties config = new Properties();
            config.load(new StringReader(named(documents, "ConfigMap", service + "-config").path("data").path("application.properties")
                    .asText()));
            assertThat(config.getProperty("quarkus.http.insecure-requests")).as(service).isEqualTo("disabled");
            assertThat(config.getProperty("quarkus.http.ssl.certificate.files")).as(service).isNotBlank();
            assertThat(config.getProperty("quarkus.http.ssl.certificate.key-files")).as(service).isNotBlank();
            JsonNode container = named(documents, "Deployment", service).path("spec").path("template").path("spec").path("containers")
                    .get(0);
            assertThat(config.getProperty("quarkus.http.ssl-port")).as(service + " serves https on its http port")
                    .isEqualTo(container.path("ports").get(0).path("containerPort").asText());
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                assertThat(container.path(probe).path("httpGet").path("scheme").asText()).as(service + " " + probe).isEqualTo("HTTPS");
            }
            if (service.equals("jwt-verifier")) {
                assertThat(config.getProperty("likeness.verifier.jwks-url")).startsWith("https://auth-service:");
                assertThat(config.getProperty("likeness.verifier.jwks-ca-file")).isNotBlank();
            }
        }
    }

    @Test
    void everyOverlayRendersWithKustomize() throws Exception {
        boolean kubectl = kubectlOnPath();
        if (!kubectl) {
            System.out.println("DeploymentManifestsTest: no kubectl on the PATH, so the overlays were not rendered (the checks of the "
                    + "source files ran)");
        }
        Assumptions.assumeTrue(kubectl, "kubectl (with kustomize) is not installed");
        for (String overlay : List.of("dev", "prod")) {
            Process kustomize = new ProcessBuilder("kubectl", "kustomize", DEPLOY.resolve("overlays").resolve(overlay).toString())
                    .redirectErrorStream(true).start();
            String rendered = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(kustomize.exitValue()).as(overlay + ": " + rendered).isZero();
            assertThat(rendered).as(overlay).contains("kind: ScaledObject", "kind: KafkaTopic", "kind: StatefulSet")
                    .doesNotContain("namePrefix").contains("app.kubernetes.io/part-of: likeness")
                    .as(overlay + ": the label kube-prometheus-stack selects monitors by").contains("release: kube-prometheus-stack")
                    .as(overlay + ": a database").contains("kind: Cluster")
                    .as(overlay + ": the brokers' metric rules, by the name the Kafka resource gives")
                    .contains("name: likeness-kafka-metrics")
                    .as(overlay + ": the runbook address is read, not applied").doesNotContain("name: likeness-runbooks");
            String base = YAML.readTree(DEPLOY.resolve("overlays").resolve(overlay).resolve("kustomization.yaml").toFile())
                    .path("configMapGenerator").findValues("literals").stream().flatMap(literals -> StreamSupport.stream(literals
                    .spliterator(), false)).map(JsonNode::asText).filter(literal -> literal.startsWith("base-url=")).findFirst()
                    .orElseThrow().substring("base-url=".length());
            List<String> runbookUrls = rendered.lines().map(String::trim).filter(line -> line.startsWith("runbook_url:")).toList();
            assertThat(runbookUrls).as(overlay + ": every alert links to the overlay's runbook address")
                    .hasSize(new MonitoringFiles(Path.of("..")).rules().stream().filter(MonitoringFiles.Rule::alert).toList().size())
                    .allMatch(line -> line.startsWith("runbook_url: " + base + "#"));
        }
    }

    static boolean kubectlOnPath() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
    }

    /** Kustomize takes only relative paths to other kustomizations. */
    static Path relative(Path from, Path to) {
        return from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize());
    }

    @Test
    void theGatewayApiComponentRoutesToTheGatewayInsteadOfTheIngress(@TempDir Path folder) throws Exception {
        Assumptions.assumeTrue(kubectlOnPath(), "kubectl (with kustomize) is not installed");
        // The dev overlay with the component its comment offers taken in, rendered from a copy elsewhere.
        String dev = Files.readString(DEPLOY.resolve("overlays/dev/kustomization.yaml"));
        assertThat(dev).contains("  # - ../../components/gateway-api\n");
        Files.writeString(folder.resolve("kustomization.yaml"), dev.replace("  # - ../../components/gateway-api\n",
                "  - ../../components/gateway-api\n").replace("../../", relative(folder, DEPLOY) + "/"));
        Process kustomize = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor=LoadRestrictionsNone", folder.toString())
                .redirectErrorStream(true).start();
        String rendered = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kustomize.exitValue()).as(rendered).isZero();
        List<JsonNode> documents;
        try (var parser = YAML.getFactory().createParser(rendered)) {
            documents = YAML.readValues(parser, JsonNode.class).readAll();
        }
        assertThat(documents).as("no Ingress").noneMatch(document -> document.path("kind").asText().equals("Ingress"));
        JsonNode route = named(documents, "HTTPRoute", "ingest-gateway");
        assertThat(route.path("metadata").path("namespace").asText()).isEqualTo("likeness-dev");
        assertThat(route.path("spec").path("hostnames").get(0).asText()).as("the overlay's host, as its Ingress had")
                .isEqualTo("likeness.localhost");
        JsonNode backend = route.path("spec").path("rules").get(0).path("backendRefs").get(0);
        JsonNode service = named(documents, "Service", backend.path("name").asText());
        assertThat(service.path("spec").path("ports")).as("the route's port is the gateway Service's")
                .anyMatch(port -> port.path("port").asInt() == backend.path("port").asInt());
        assertThat(route.path("spec").path("rules").get(0).path("matches").findValuesAsText("value"))
                .as("the paths the Ingress routes").containsExactlyInAnyOrder("/v1/sessions", "/sdk/");
    }

    @Test
    void eachWorkloadRunsTheImageItsServiceBuilds_asTheImagesUser_atTheProjectsVersion() throws Exception {
        List<JsonNode> documents = base();
        List<JsonNode> workloads = workloads(documents);
        assertThat(workloads.stream().map(workload -> workload.path("metadata").path("name").asText()))
                .containsExactlyInAnyOrderElementsOf(ServiceImages.SERVICES);
        String version = projectVersion();
        JsonNode kustomization = YAML.readTree(DEPLOY.resolve("base/kustomization.yaml").toFile());
        for (JsonNode workload : workloads) {
            String name = workload.path("metadata").path("name").asText();
            JsonNode pod = workload.path("spec").path("template").path("spec");
            assertThat(pod.path("containers").get(0).path("image").asText()).as(name).isEqualTo("likeness/" + name);
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).as(name + ": the images' user").isEqualTo(BaseImage.USER_ID);
            assertThat(kustomization.path("images").valueStream().filter(image -> image.path("name").asText().equals("likeness/" + name))
                    .map(image -> image.path("newTag").asText())).as(name + ": the tag ./likeness images gives").containsExactly(version);
        }
    }

    private static String projectVersion() throws Exception {
        Matcher version = Pattern.compile("<artifactId>likeness-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(version.find()).as("the parent POM's version").isTrue();
        return version.group(1);
    }

    @Test
    void servicesProbesAndMonitorsPointAtTheirWorkloads() throws Exception {
        List<JsonNode> documents = base();
        List<JsonNode> workloads = workloads(documents);
        List<JsonNode> podMonitors;
        try (var parser = YAML.getFactory().createParser(DEPLOY.resolve("monitoring/pod-monitor.yaml").toFile())) {
            podMonitors = YAML.readValues(parser, JsonNode.class).readAll();
        }
        Set<String> monitored = new TreeSet<>();
        for (JsonNode podMonitor : podMonitors) {
            JsonNode selector = podMonitor.path("spec").path("selector");
            selector.path("matchExpressions").forEach(e -> e.path("values").forEach(v -> monitored.add(v.asText())));
            selector.path("matchLabels").forEach(v -> monitored.add(v.asText()));
        }
        for (JsonNode workload : workloads) {
            String name = workload.path("metadata").path("name").asText();
            JsonNode podLabels = workload.path("spec").path("template").path("metadata").path("labels");
            workload.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                    assertThat(podLabels.path(label.getKey()).asText()).as(name
                    + " selects its own pods").isEqualTo(label.getValue().asText()));
            JsonNode container = workload.path("spec").path("template").path("spec").path("containers").get(0);
            Set<String> containerPorts = new TreeSet<>();
            container.path("ports").forEach(p -> containerPorts.add(p.path("name").asText()));
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                int port = container.path(probe).path("httpGet").path("port").asInt();
                assertThat(container.path("ports")).as(name + " " + probe + " port").anyMatch(p -> p.path("containerPort").asInt() == port);
            }
            JsonNode service = named(documents, "Service", name);
            service.path("spec").path("selector").fields().forEachRemaining(label ->
                    assertThat(podLabels.path(label.getKey()).asText()).as("Service " + name
                    + " selects the pods").isEqualTo(label.getValue().asText()));
            service.path("spec").path("ports").forEach(p ->
                    assertThat(containerPorts).as("Service " + name + " target port").contains(p.path("targetPort").asText()));
            assertThat(containerPorts).as(name + ": the PodMonitor scrapes the http port").contains("http");
            assertThat(monitored).as("the PodMonitor scrapes " + name).contains(podLabels.path("app.kubernetes.io/name").asText());
            JsonNode budget = named(documents, "PodDisruptionBudget", name);
            budget.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                    assertThat(podLabels.path(label.getKey()).asText()).as("PDB " + name).isEqualTo(label.getValue().asText()));
        }
    }

    @Test
    void kedaWatchesTheGroupAndTopicQualityServiceConsumes() throws Exception {
        Properties quality = new Properties();
        try (var in = Files.newBufferedReader(Path.of("..", "quality-service", "src", "main", "resources", "application.properties"))) {
            quality.load(in);
        }
        JsonNode trigger = named(base(), "ScaledObject", "quality-service").path("spec").path("triggers").get(0).path("metadata");
        assertThat(trigger.path("consumerGroup").asText()).isEqualTo(quality.getProperty("mp.messaging.incoming.frames.group.id"));
        assertThat(trigger.path("topic").asText()).isEqualTo(quality.getProperty("mp.messaging.incoming.frames.topic"));
        assertThat(trigger.path("offsetResetPolicy").asText())
                .isEqualTo(quality.getProperty("mp.messaging.incoming.frames.auto.offset.reset"));
    }
}
