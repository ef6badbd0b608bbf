package dev.likeness.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.likeness.images.Podman;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A rendered overlay's workloads run as podman containers with their pod templates' settings, as a
 * kubelet would run one pod of each: the image; the environment (values, Secret and ConfigMap keys,
 * the pod's name and index); ConfigMaps and Secrets mounted as files (only the listed {@code items},
 * with the Secret's {@code defaultMode} and the group read kubelet adds for {@code fsGroup});
 * {@code emptyDir} as a size-limited tmpfs; {@code runAsUser}, {@code fsGroup},
 * {@code readOnlyRootFilesystem} (and nothing else writable), dropped capabilities, no privilege
 * escalation; the memory limit.
 *
 * <p>What a container runtime cannot reproduce stays out and is named in {@link #NOT_REPRODUCED}:
 * Services become host names on the host network, the Ingress is the test's client.
 */
final class ManifestContainers implements AutoCloseable {

    static final List<String> NOT_REPRODUCED = List.of(
            "Strimzi's Kafka, KafkaNodePool, KafkaTopic and KafkaUser (SecuredKafka starts a broker with their listener, topics, "
                    + "users and ACLs)",
            "Services (host names on the host network, each container on its containerPort)",
            "the Ingress (the test's client sends the Origin and X-Forwarded-For it would pass on)",
            "HorizontalPodAutoscaler, KEDA's ScaledObject and TriggerAuthentication (one pod of each workload)",
            "PodDisruptionBudgets, NetworkPolicies, PodMonitor, PrometheusRule, the dashboards' ConfigMap",
            "the CPU request (podman has no request, only limits; the memory limit is applied)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Podman podman;
    private final Path work;
    private final Map<String, Map<String, byte[]>> secrets;
    private final List<String> hostNames;
    private final List<JsonNode> configMaps;
    private final List<Running> running = new ArrayList<>();

    /**
     * @param secrets   every Secret the workloads name, by name then key: the operator's and Strimzi's
     * @param hostNames the Services' names and the other hosts the settings name, all on this host
     */
    ManifestContainers(Podman podman, Path work, List<JsonNode> rendered, Map<String, Map<String, byte[]>> secrets,
                       List<String> hostNames) {
        this.podman = podman;
        this.work = work;
        this.secrets = secrets;
        this.hostNames = hostNames;
        this.configMaps = ofKind(rendered, "ConfigMap");
    }

    /** {@code kubectl kustomize OVERLAY}, as documents. */
    static List<JsonNode> render(Path overlay) throws Exception {
        Process kustomize = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(true).start();
        String rendered = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kustomize.waitFor(60, TimeUnit.SECONDS) || kustomize.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + overlay + " failed: " + rendered);
        }
        try (var parser = YAML.getFactory().createParser(rendered)) {
            return YAML.readValues(parser, JsonNode.class).readAll().stream().filter(document -> !document.isNull()).toList();
        }
    }

    static List<JsonNode> ofKind(List<JsonNode> documents, String... kinds) {
        List<String> wanted = List.of(kinds);
        return documents.stream().filter(document -> wanted.contains(document.path("kind").asText())).toList();
    }

    static Optional<JsonNode> named(List<JsonNode> documents, String kind, String name) {
        return ofKind(documents, kind).stream().filter(document -> document.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    /** A started container: its workload, pod name, the pod spec it ran, and its output. */
    record Running(String workload, String pod, JsonNode podSpec, Process process, Path log, long startedNanos) {
        JsonNode container() {
            return podSpec.path("containers").get(0);
        }
    }

    /** Starts one pod of {@code workload} (a Deployment or StatefulSet): ordinal 0. */
    Running start(JsonNode workload) throws IOException {
        String name = workload.path("metadata").path("name").asText();
        String pod = workload.path("kind").asText().equals("StatefulSet") ? name + "-0" : name + "-test";
        JsonNode podSpec = workload.path("spec").path("template").path("spec");
        JsonNode container = podSpec.path("containers").get(0);
        if (podSpec.path("containers").size() != 1 || podSpec.has("initContainers")) {
            throw new IllegalStateException(name + ": one container per pod is what this runner reproduces");
        }
        Path podFolder = work.resolve(pod);
        Files.createDirectories(podFolder);
        JsonNode podSecurity = podSpec.path("securityContext");
        JsonNode security = container.path("securityContext");
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--name", "likeness-test-" + pod, "--network", "host"));
        args.addAll(Podman.runOptions());
        hostNames.forEach(host -> args.addAll(List.of("--add-host", host + ":127.0.0.1")));
        int user = security.path("runAsUser").asInt(podSecurity.path("runAsUser").asInt(-1));
        if (user < 0) {
            throw new IllegalStateException(name + ": no runAsUser; the manifests name the images' user");
        }
        if (security.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean()) && user == 0) {
            throw new IllegalStateException(name + ": runAsNonRoot with user 0");
        }
        args.addAll(List.of("--user", String.valueOf(user)));
        Optional<Integer> fsGroup = podSecurity.has("fsGroup") ? Optional.of(podSecurity.path("fsGroup").asInt()) : Optional.empty();
        fsGroup.ifPresent(group -> args.addAll(List.of("--group-add", String.valueOf(group))));
        if (security.path("readOnlyRootFilesystem").asBoolean()) {
            // podman would mount tmpfs on /tmp, /var/tmp and /run of a read-only container; a kubelet does not.
            args.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
        }
        for (JsonNode dropped : security.path("capabilities").path("drop")) {
            args.add("--cap-drop=" + dropped.asText().toLowerCase(Locale.ROOT));
        }
        if (security.has("allowPrivilegeEscalation") && !security.path("allowPrivilegeEscalation").asBoolean()) {
            args.add("--security-opt=no-new-privileges");
        }
        String memory = container.path("resources").path("limits").path("memory").asText("");
        if (!memory.isEmpty()) {
            args.add("--memory=" + bytes(memory));
        }
        Path environment = podFolder.resolve("environment");
        Files.deleteIfExists(environment);
        Files.createFile(environment, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(environment, environment(container, pod, workload));
        args.addAll(List.of("--env-file", environment.toString()));
        for (JsonNode mount : container.path("volumeMounts")) {
            args.addAll(mount(podSpec, mount, podFolder, fsGroup));
        }
        args.add("localhost/" + container.path("image").asText());
        try {
            podman.run(Duration.ofSeconds(60), "rm", "--force", "likeness-test-" + pod); // one a killed run left behind
        } catch (RuntimeException noneLeft) {
            // the usual case
        }
        Path log = podFolder.resolve("container.log");
        Process process = podman.processBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Running started = new Running(name, pod, podSpec, process, log, System.nanoTime());
        running.add(started);
        return started;
    }

    /** The container's environment as an env file: one NAME=value a line, values resolved as a kubelet does. */
    private String environment(JsonNode container, String pod, JsonNode workload) {
        StringBuilder lines = new StringBuilder();
        for (JsonNode variable : container.path("env")) {
            String value;
            JsonNode from = variable.path("valueFrom");
            if (variable.has("value")) {
                value = variable.path("value").asText();
            } else if (from.has("secretKeyRef")) {
                JsonNode reference = from.path("secretKeyRef");
                value = new String(secretKey(reference.path("name").asText(), reference.path("key").asText()), StandardCharsets.UTF_8);
            } else if (from.has("configMapKeyRef")) {
                value = configMap(from.path("configMapKeyRef").path("name").asText()).path("data")
                        .path(from.path("configMapKeyRef").path("key").asText()).asText();
            } else if (from.has("fieldRef")) {
                value = field(from.path("fieldRef").path("fieldPath").asText(), pod, workload);
            } else {
                throw new IllegalStateException("an env entry this runner does not reproduce: " + variable);
            }
            if (value.contains("\n")) {
                throw new IllegalStateException(variable.path("name").asText() + ": a multi-line value cannot go in an env file");
            }
            lines.append(variable.path("name").asText()).append('=').append(value).append('\n');
        }
        return lines.toString();
    }

    private static String field(String path, String pod, JsonNode workload) {
        if (path.equals("metadata.name")) {
            return pod;
        }
        if (path.equals("metadata.labels['apps.kubernetes.io/pod-index']") && workload.path("kind").asText().equals("StatefulSet")) {
            return "0";
        }
        throw new IllegalStateException("a fieldRef this runner does not reproduce: " + path);
    }

    private List<String> mount(JsonNode podSpec, JsonNode mount, Path podFolder, Optional<Integer> fsGroup) throws IOException {
        String volumeName = mount.path("name").asText();
        JsonNode volume = null;
        for (JsonNode candidate : podSpec.path("volumes")) {
            if (candidate.path("name").asText().equals(volumeName)) {
                volume = candidate;
            }
        }
        if (volume == null) {
            throw new IllegalStateException("the mount " + volumeName + " names no volume");
        }
        String path = mount.path("mountPath").asText();
        if (volume.has("emptyDir")) {
            String size = volume.path("emptyDir").path("sizeLimit").asText("");
            return List.of("--mount",
                    "type=tmpfs,destination=" + path + ",tmpfs-mode=1777" + (size.isEmpty() ? "" : ",tmpfs-size=" + bytes(size)));
        }
        Path folder = podFolder.resolve("volumes").resolve(volumeName);
        Files.createDirectories(folder);
        Map<String, byte[]> files = new LinkedHashMap<>();
        JsonNode source;
        int mode;
        if (volume.has("configMap")) {
            source = volume.path("configMap");
            configMap(source.path("name").asText()).path("data").fields()
                    .forEachRemaining(entry -> files.put(entry.getKey(), entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            mode = source.path("defaultMode").asInt(0644);
        } else if (volume.has("secret")) {
            source = volume.path("secret");
            Map<String, byte[]> secret = secrets.get(source.path("secretName").asText());
            if (secret == null) {
                throw new IllegalStateException("the Secret " + source.path("secretName").asText() + " was not created");
            }
            files.putAll(secret);
            // kubelet: with an fsGroup, the files are the group's, which it lets read.
            mode = source.path("defaultMode").asInt(0644) | (fsGroup.isPresent() ? 0040 : 0);
        } else {
            throw new IllegalStateException("a volume this runner does not reproduce: " + volume);
        }
        Map<String, byte[]> projected = new LinkedHashMap<>();
        if (source.has("items")) {
            for (JsonNode item : source.path("items")) {
                byte[] content = files.get(item.path("key").asText());
                if (content == null) {
                    throw new IllegalStateException(volumeName + ": no key " + item.path("key").asText());
                }
                projected.put(item.path("path").asText(), content);
            }
        } else {
            projected.putAll(files);
        }
        for (Map.Entry<String, byte[]> file : projected.entrySet()) {
            Path written = folder.resolve(file.getKey());
            Files.write(written, file.getValue());
            Files.setPosixFilePermissions(written, permissions(mode));
            if (fsGroup.isPresent()) {
                Files.setAttribute(written, "unix:gid", fsGroup.get());
            }
        }
        return List.of("--volume", folder + ":" + path + (mount.path("readOnly").asBoolean() ? ":ro" : ""));
    }

    private JsonNode configMap(String name) {
        return configMaps.stream().filter(map -> map.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no ConfigMap " + name + " in the overlay"));
    }

    private byte[] secretKey(String secret, String key) {
        byte[] value = secrets.getOrDefault(secret, Map.of()).get(key);
        if (value == null) {
            throw new IllegalStateException("the Secret " + secret + " has no key " + key);
        }
        return value;
    }

    /** Kubernetes' quantity (256Mi, 1Gi) in bytes. */
    static long bytes(String quantity) {
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30);
        for (Map.Entry<String, Long> unit : units.entrySet()) {
            if (quantity.endsWith(unit.getKey())) {
                return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * unit.getValue();
            }
        }
        return Long.parseLong(quantity);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }

    /** Stops a container as a kubelet does: SIGTERM, then SIGKILL after the pod's grace period. */
    void stop(Running container) {
        int grace = container.podSpec().path("terminationGracePeriodSeconds").asInt(30);
        podman.run(Duration.ofSeconds(grace + 30L), "stop", "--time", String.valueOf(grace), "likeness-test-" + container.pod());
        running.remove(container);
    }

    @Override
    public void close() {
        for (Running container : List.copyOf(running)) {
            try {
                podman.run(Duration.ofSeconds(60), "rm", "--force", "--time", "5", "likeness-test-" + container.pod());
            } catch (RuntimeException alreadyGone) {
                // --rm removed it when it ended
            }
            container.process().destroy();
        }
        running.clear();
    }
}
