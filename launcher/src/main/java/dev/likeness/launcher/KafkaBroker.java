package dev.likeness.launcher;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.Uuid;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The local run's Kafka: one KRaft broker (broker and controller in one process) from the jars
 * local-kafka lays out, its log folder formatted once, and the pipeline's topics created when it is up.
 */
public final class KafkaBroker {

    /** The broker metrics' rules: the file Strimzi's metricsConfig reads in a cluster. */
    public static final String METRICS_RULES = "deploy/base/kafka-metrics.yaml";
    static final String NAME = "kafka";

    private final Path repository;
    private final Path home;
    private final PrintStream out;

    KafkaBroker(Path repository, Path home, PrintStream out) {
        this.repository = repository;
        this.home = home;
        this.out = out;
    }

    /** Writes the configuration, formats the log folder on first use, starts the broker and creates the topics. */
    void start(ManagedProcess process, StackPorts ports) throws Exception {
        Path lib = repository.resolve("local-kafka/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("local-kafka is not built; run ./mvnw -DskipTests package");
        }
        Path kafkaHome = home.resolve("kafka");
        Path data = kafkaHome.resolve("data");
        Path config = kafkaHome.resolve("server.properties");
        Files.createDirectories(data);
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(config, serverProperties(ports, data));
        String classpath = lib.resolve("*").toString();
        String java = Probes.javaExecutable();
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(java, classpath, config);
        }
        out.printf("starting kafka (KRaft) on localhost:%d, its metrics on http://localhost:%d/metrics%n", ports.kafka(),
                ports.kafkaMetrics());
        process.start(List.of(java, "-Xms128m", "-Xmx256m", "-XX:+UseSerialGC", metricsAgent(ports), "-cp", classpath, "kafka.Kafka",
                config.toString()), home);
        Probes.waitUntil(() -> topicsCreated(ports), NAME, process);
    }

    /**
     * The JMX Prometheus exporter as a Java agent, on loopback, with the rules Strimzi loads into a
     * cluster's brokers (deploy/base/kafka-metrics.yaml): the dashboards' broker panels read the same series here.
     */
    private String metricsAgent(StackPorts ports) {
        Path agent = repository.resolve("local-kafka/target/agent/jmx_prometheus_javaagent.jar");
        if (!Files.isRegularFile(agent)) {
            throw new IllegalStateException("local-kafka is not built; run ./mvnw -DskipTests package");
        }
        return "-javaagent:" + agent.toAbsolutePath() + "=127.0.0.1:" + ports.kafkaMetrics() + ":"
                + repository.resolve(METRICS_RULES).toAbsolutePath();
    }

    static String serverProperties(StackPorts ports, Path data) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=localhost:" + ports.kafkaController(),
                "listeners=PLAINTEXT://localhost:" + ports.kafka() + ",CONTROLLER://localhost:" + ports.kafkaController(),
                "advertised.listeners=PLAINTEXT://localhost:" + ports.kafka(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                singleNode(data));
    }

    /**
     * What every single-node broker of ours sets besides its listeners: its log folder, no topic
     * made on first use, and one replica for every internal topic, or consumers never find a
     * coordinator. A test's broker with other listeners takes them too.
     */
    public static String singleNode(Path data) {
        return String.join("\n",
                "log.dirs=" + data,
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private void format(String java, String classpath, Path config) throws Exception {
        Path log = home.resolve("logs").resolve("kafka-format.log");
        Process format = new ProcessBuilder(java, "-cp", classpath, "kafka.tools.StorageTool", "format",
                "--standalone", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("formatting the Kafka log folder failed; see " + log);
        }
    }

    /** True once the broker answers and every topic exists; false while it is still starting. */
    private static boolean topicsCreated(StackPorts ports) {
        if (!Probes.inUse(ports.kafka())) {
            return false;
        }
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            TopicPolicy.createMissing(admin);
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }

    /**
     * True once each consumer group is stable with every partition of its topic assigned: before
     * that, a frame waits in Kafka for the group's first rebalance although the service already
     * answers its health check.
     */
    static boolean consumersAssigned(StackPorts ports, Map<String, String> topicByGroup) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            var groups = admin.describeConsumerGroups(topicByGroup.keySet()).all().get();
            for (var entry : topicByGroup.entrySet()) {
                var group = groups.get(entry.getKey());
                if (group == null || group.groupState() != GroupState.STABLE) {
                    return false;
                }
                long assigned = group.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                        .filter(p -> p.topic().equals(entry.getValue())).count();
                int partitions = TopicPolicy.TOPICS.stream().filter(t
                        -> t.name().equals(entry.getValue())).findFirst().orElseThrow().partitions();
                if (assigned < partitions) {
                    return false;
                }
            }
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }
}
