package dev.likeness.launcher;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every manifest in deploy/ read into the typed model of its kind: Kubernetes' (fabric8, at the
 * Quarkus BOM's version), the Prometheus operator's, Strimzi's (io.strimzi:api). The models keep
 * a field they do not know in getAdditionalProperties() rather than refusing it, so the test walks
 * every object read and fails on any such field: a misspelt or misplaced key, which the API
 * server would drop or refuse, fails here. KEDA and CloudNativePG ship no Java model; their keys
 * are checked against the lists their documentation gives. With kubectl present, the rendered
 * overlays get the same reading (patches and generated ConfigMaps included).
 */
class ManifestModelsTest {

    static final Path DEPLOY = Path.of("..", "deploy");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            entry("v1/ConfigMap", ConfigMap.class),
            entry("v1/Service", Service.class),
            entry("apps/v1/Deployment", Deployment.class),
            entry("apps/v1/StatefulSet", StatefulSet.class),
            entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            entry("networking.k8s.io/v1/Ingress", Ingress.class),
            entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
            entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    /** Kinds without a Java model, checked by {@link #checkDocumentedKeys}. */
    static final Set<String> DOCUMENTED = Set.of("keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1/TriggerAuthentication",
            "postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/ScheduledBackup");

    /** A manifest document and the file it came from. */
    record Manifest(String source, JsonNode document) {
        String type() {
            return document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        }

        String name() {
            return source + ": " + type() + " " + document.path("metadata").path("name").asText();
        }
    }

    // KEDA 2.15+: ScaledObject and TriggerAuthentication specs, and the kafka scaler's parameters
    // (https://keda.sh/docs/2.15/reference/scaledobject-spec/, .../concepts/authentication/,
    // .../scalers/apache-kafka/).
    static final Set<String> SCALED_OBJECT_SPEC = Set.of("scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod",
            "idleReplicaCount", "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers");

    static final Set<String> SCALE_TARGET_REF = Set.of("name", "kind", "apiVersion", "envSourceContainerName");

    static final Set<String> TRIGGER = Set.of("type", "name", "metadata", "authenticationRef", "metricType", "useCachedMetrics");

    static final Set<String> AUTHENTICATION_REF = Set.of("name", "kind");

    static final Set<String> KAFKA_METADATA = Set.of("bootstrapServers", "bootstrapServersFromEnv", "consumerGroup", "consumerGroupFromEnv",
            "topic", "topicFromEnv", "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers",
            "scaleToZeroOnInvalidOffset", "excludePersistentLag", "version", "partitionLimitation", "limitToPartitionsWithLag",
            "ensureEvenDistributionOfPartitions", "sasl", "tls", "unsafeSsl");

    static final Set<String> TRIGGER_AUTHENTICATION_SPEC = Set.of("secretTargetRef", "configMapTargetRef", "env", "podIdentity",
            "hashiCorpVault", "azureKeyVault", "awsSecretManager", "gcpSecretManager", "boundServiceAccountToken");

    static final Set<String> TARGET_REF = Set.of("parameter", "name", "key");

    static final Set<String> KAFKA_AUTHENTICATION = Set.of("sasl", "username", "password", "tls", "ca", "cert", "key", "keyPassword",
            "unsafeSsl", "oauthTokenEndpointUri", "scopes", "oauthExtensions", "awsRegion");

    // CloudNativePG's Cluster spec, the part an example uses (https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/).
    static final Set<String> CNPG_CLUSTER_SPEC = Set.of("instances", "imageName", "storage", "walStorage", "bootstrap", "postgresql",
            "resources", "affinity", "monitoring", "backup", "superuserSecret", "enableSuperuserAccess", "primaryUpdateStrategy",
            "primaryUpdateMethod", "description", "minSyncReplicas", "maxSyncReplicas", "managed");

    // CloudNativePG's ScheduledBackup spec (same reference).
    static final Set<String> CNPG_SCHEDULED_BACKUP_SPEC = Set.of("schedule", "cluster", "backupOwnerReference", "immediate", "suspend",
            "method", "target", "online", "onlineConfiguration", "pluginConfiguration");

    /**
     * Every Kubernetes object in deploy/'s YAML files. Not objects: kustomizations, promtool's test
     * file, and the files a configMapGenerator ships as data (the brokers' metric rules).
     */
    static List<Manifest> sources() throws Exception {
        List<Manifest> manifests = new ArrayList<>();
        List<Path> files;
        Set<Path> data = generatorData();
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(file -> file.toString().endsWith(".yaml")).filter(file -> !file.endsWith("kustomization.yaml"))
                    .filter(file -> !file.getFileName().toString().endsWith(".test.yaml"))
                    .filter(file -> !data.contains(file.toAbsolutePath().normalize())).sorted().toList();
        }
        for (Path file : files) {
            manifests.addAll(documents(DEPLOY.relativize(file).toString(), Files.readString(file)));
        }
        return manifests;
    }

    /** The files every kustomization's configMapGenerator reads (a {@code key=file} entry's file). */
    static Set<Path> generatorData() throws Exception {
        Set<Path> data = new TreeSet<>();
        List<Path> kustomizations;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            kustomizations = walk.filter(file -> file.endsWith("kustomization.yaml")).toList();
        }
        for (Path kustomization : kustomizations) {
            for (JsonNode generator : YAML.readTree(kustomization.toFile()).path("configMapGenerator")) {
                for (JsonNode file : generator.path("files")) {
                    String path = file.asText().substring(file.asText().indexOf('=') + 1);
                    data.add(kustomization.resolveSibling(path).toAbsolutePath().normalize());
                }
            }
        }
        return data;
    }

    static List<Manifest> documents(String source, String yaml) throws Exception {
        List<Manifest> manifests = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (document != null && !document.isEmpty()) {
                    manifests.add(new Manifest(source, document));
                }
            }
        }
        return manifests;
    }

    @Test
    void everySourceManifestReadsIntoItsModelWithNoUnknownField() throws Exception {
        List<Manifest> manifests = sources();
        assertThat(manifests).hasSizeGreaterThan(30);
        assertThat(check(manifests)).isEmpty();
    }

    @Test
    void theRenderedOverlaysReadIntoTheirModelsToo() throws Exception {
        boolean kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
        if (!kubectl) {
            System.out.println("ManifestModelsTest: no kubectl on the PATH, so the rendered overlays were not read (the source files "
                    + "were)");
        }
        Assumptions.assumeTrue(kubectl, "kubectl (with kustomize) is not installed");
        for (String overlay : List.of("dev", "prod")) {
            Process kustomize = new ProcessBuilder("kubectl", "kustomize", DEPLOY.resolve("overlays").resolve(overlay).toString()).start();
            String rendered = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(kustomize.exitValue()).as(overlay).isZero();
            assertThat(check(documents("overlays/" + overlay + " (rendered)", rendered))).as(overlay).isEmpty();
        }
    }

    @Test
    void aMisspeltFieldIsFound() throws Exception {
        // The walk must see a typo deep inside a pod template and in a Strimzi spec, or the checks above prove nothing.
        List<Manifest> typos = documents("typo.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: typo}
                spec:
                  template:
                    spec:
                      containers:
                        - name: c
                          image: i
                          readinessProbe: {httpGet: {path: /q/health/ready, port: http}, periodSecond: 5}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: typo}
                spec: {partitions: 1, replica: 3}
                ---
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: typo}
                spec:
                  scaleTargetRef: {name: typo}
                  maxReplicas: 6
                  triggers: [{type: kafka, metadata: {topic: t, lagThreshold: 20}}]
                """);
        assertThat(check(typos)).containsExactlyInAnyOrder(
                "typo.yaml: apps/v1/Deployment typo: unknown field .spec.template.spec.containers[0].readinessProbe.periodSecond",
                "typo.yaml: kafka.strimzi.io/v1/KafkaTopic typo: unknown field .spec.replica",
                "typo.yaml: keda.sh/v1alpha1/ScaledObject typo: unknown field spec.maxReplicas",
                "typo.yaml: keda.sh/v1alpha1/ScaledObject typo: spec.triggers[0].metadata.lagThreshold must be a string");
    }

    /** What is wrong with these manifests: an unknown kind, or each unknown field, as one line each. */
    static List<String> check(List<Manifest> manifests) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Manifest manifest : manifests) {
            Class<?> model = MODELS.get(manifest.type());
            if (model != null) {
                List<String> unknown = new ArrayList<>();
                walk(YAML.treeToValue(manifest.document(), model), "", unknown);
                unknown.forEach(field -> problems.add(manifest.name() + ": unknown field " + field));
            } else if (DOCUMENTED.contains(manifest.type())) {
                checkDocumentedKeys(manifest, problems);
            } else {
                problems.add(manifest.name() + ": no model for this kind; add one to MODELS");
            }
        }
        return problems;
    }

    /** Walks a model object through the properties Jackson reads, collecting fields held as additional properties. */
    static void walk(Object value, String path, List<String> unknown) throws Exception {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> item : map.entrySet()) {
                walk(item.getValue(), path + "." + item.getKey(), unknown);
            }
            return;
        }
        String modelPackage = value.getClass().getPackageName();
        if (!modelPackage.startsWith("io.fabric8.") && !modelPackage.startsWith("io.strimzi.")) {
            return; // a string, number or boolean
        }
        try {
            Method additional = value.getClass().getMethod("getAdditionalProperties");
            Map<?, ?> extra = (Map<?, ?>) additional.invoke(value);
            if (extra != null) {
                extra.keySet().forEach(field -> unknown.add(path + "." + field));
            }
        } catch (NoSuchMethodException e) {
            // a model class without a catch-all cannot hold an unknown field
        }
        BeanDescription bean = YAML.getSerializationConfig().introspect(YAML.constructType(value.getClass()));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.hasGetter() && !property.getName().equals("additionalProperties")) {
                walk(property.getGetter().getAnnotated().invoke(value), path + "." + property.getName(), unknown);
            }
        }
    }

    static void checkDocumentedKeys(Manifest manifest, List<String> problems) {
        JsonNode spec = manifest.document().path("spec");
        String name = manifest.name();
        switch (manifest.document().path("kind").asText()) {
            case "ScaledObject" -> {
                keys(spec, "spec", SCALED_OBJECT_SPEC, name, problems);
                keys(spec.path("scaleTargetRef"), "spec.scaleTargetRef", SCALE_TARGET_REF, name, problems);
                for (int i = 0; i < spec.path("triggers").size(); i++) {
                    JsonNode trigger = spec.path("triggers").get(i);
                    String at = "spec.triggers[" + i + "]";
                    keys(trigger, at, TRIGGER, name, problems);
                    keys(trigger.path("authenticationRef"), at + ".authenticationRef", AUTHENTICATION_REF, name, problems);
                    if (trigger.path("type").asText().equals("kafka")) {
                        keys(trigger.path("metadata"), at + ".metadata", KAFKA_METADATA, name, problems);
                    }
                    // KEDA reads metadata as map[string]string: a YAML number or boolean is refused.
                    trigger.path("metadata").fields().forEachRemaining(field -> {
                        if (!field.getValue().isTextual()) {
                            problems.add(name + ": " + at + ".metadata." + field.getKey() + " must be a string");
                        }
                    });
                }
            }
            case "TriggerAuthentication" -> {
                keys(spec, "spec", TRIGGER_AUTHENTICATION_SPEC, name, problems);
                for (String source : List.of("secretTargetRef", "configMapTargetRef")) {
                    for (JsonNode reference : spec.path(source)) {
                        keys(reference, "spec." + source + "[]", TARGET_REF, name, problems);
                        if (!KAFKA_AUTHENTICATION.contains(reference.path("parameter").asText())) {
                            problems.add(name + ": spec." + source + " parameter " + reference.path("parameter").asText()
                                    + " is not one the kafka scaler reads");
                        }
                    }
                }
            }
            case "Cluster" -> keys(spec, "spec", CNPG_CLUSTER_SPEC, name, problems);
            case "ScheduledBackup" -> keys(spec, "spec", CNPG_SCHEDULED_BACKUP_SPEC, name, problems);
            default -> problems.add(name + ": no documented key list");
        }
    }

    private static void keys(JsonNode object, String at, Set<String> documented, String name, List<String> problems) {
        Set<String> unknown = new TreeSet<>();
        object.fieldNames().forEachRemaining(field -> {
            if (!documented.contains(field)) {
                unknown.add(field);
            }
        });
        unknown.forEach(field -> problems.add(name + ": unknown field " + at + "." + field));
    }
}
