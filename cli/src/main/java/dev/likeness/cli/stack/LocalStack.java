package dev.likeness.cli.stack;

import dev.likeness.proto.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * The whole pipeline on one machine, each part its own process: a KRaft Kafka broker from Maven
 * Central jars, and the five services from their Quarkus builds (auth-service starts the embedded
 * PostgreSQL). Everything it writes lives under one home folder (`.likeness/` by default).
 */
public final class LocalStack {

    /** The services, in start order, with their Quarkus builds relative to the repository. */
    public enum Service {
        AUTH_SERVICE("auth-service"),
        JWT_VERIFIER("jwt-verifier"),
        QUALITY_SERVICE("quality-service"),
        AUTH_RELAY("auth-relay"),
        INGEST_GATEWAY("ingest-gateway");

        private final String module;

        Service(String module) {
            this.module = module;
        }

        public String module() {
            return module;
        }

        Path jar(Path repository) {
            return repository.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        }
    }

    static final String KAFKA = "kafka";
    static final String POSTGRES = "postgres";
    static final String DEMO_BACKEND = "demo-backend";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int FRAME_PARTITIONS = 6;
    private static final int SESSION_EVENT_PARTITIONS = 4;
    // Frames are of no use after the session: minutes, not days.
    private static final String FRAME_RETENTION_MS = "300000";

    private final Path repository;
    private final Path home;
    private final DemoCustomer customer;
    private final PrintStream out;

    public LocalStack(Path repository, Path home, PrintStream out) {
        this.repository = repository.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
        this.customer = new DemoCustomer(this.home.resolve("keys"));
        this.out = out;
    }

    public DemoCustomer customer() {
        return customer;
    }

    public Path home() {
        return home;
    }

    /** The ports of the running (or last started) stack. */
    public StackPorts ports() throws IOException {
        Path file = home.resolve("run/ports.properties");
        if (!Files.exists(file)) {
            return StackPorts.defaults();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return StackPorts.fromProperties(properties);
    }

    /** Starts everything not running yet and waits until each part is ready. */
    public void up(StackPorts ports) throws Exception {
        if (isAnyRunning()) {
            throw new IllegalStateException("a local stack is running already; `./likeness down` first");
        }
        for (int port : ports.all()) {
            if (inUse(port)) {
                throw new IllegalStateException("port " + port + " is in use by another program");
            }
        }
        for (Service service : Service.values()) {
            if (!Files.exists(service.jar(repository))) {
                throw new IllegalStateException(service.module() + " is not built; run ./mvnw -DskipTests package");
            }
        }
        Files.createDirectories(home.resolve("run"));
        try (Writer writer = Files.newBufferedWriter(home.resolve("run/ports.properties"))) {
            ports.toProperties().store(writer, "ports of the local stack");
        }
        customer.ensureKeys();
        startKafka(ports);
        for (Service service : Service.values()) {
            startService(service, ports);
        }
        startDemoBackend(ports);
    }

    /** The demo customer's backend for the /demo page (DemoBackendServer), on the cli's own classpath. */
    private void startDemoBackend(StackPorts ports) throws Exception {
        ManagedProcess process = process(DEMO_BACKEND);
        String classpath = repository.resolve("cli/target/likeness-cli.jar") + File.pathSeparator
                + repository.resolve("cli/target/lib").resolve("*");
        out.printf("starting demo-backend on %s%n", ports.demoBackendUrl());
        process.start(List.of(javaExecutable(), "-Xms16m", "-Xmx64m", "-XX:+UseSerialGC", "-cp", classpath,
                "dev.likeness.cli.backend.DemoBackendServer", String.valueOf(ports.demoBackend()),
                home.resolve("keys").toString(), ports.gatewayOrigin(), ports.verifierUrl()), home);
        waitUntil(() -> ready(ports.demoBackend()), DEMO_BACKEND, process);
    }

    /** Stops every part (services first, broker last) and checks no port is left open. */
    public void down() throws IOException {
        StackPorts ports = ports();
        List<ManagedProcess> processes = new ArrayList<>();
        processes.add(process(DEMO_BACKEND));
        for (Service service : Service.values()) {
            processes.add(0, process(service.module()));
        }
        // auth-service stops its embedded PostgreSQL on shutdown; should it have died without, this stops it.
        processes.add(postgres());
        processes.add(process(KAFKA));
        for (ManagedProcess process : processes) {
            if (process.isAlive()) {
                out.printf("stopping %s%n", process.name());
            }
            process.stop(STOP_GRACE);
        }
        for (int port : ports.all()) {
            if (inUse(port)) {
                out.printf("warning: port %d is still in use (by a program outside this stack?)%n", port);
            }
        }
    }

    /** One line per part: running or not, ready or not, resident memory; then the total. */
    public boolean status() throws IOException {
        StackPorts ports = ports();
        long totalKib = 0;
        boolean allUp = true;
        ManagedProcess kafka = process(KAFKA);
        totalKib += kafka.residentKib();
        allUp &= report(KAFKA, kafka, inUse(ports.kafka()) ? "ready" : "not ready", "localhost:" + ports.kafka());
        for (Service service : Service.values()) {
            ManagedProcess process = process(service.module());
            totalKib += process.residentKib();
            int port = httpPort(service, ports);
            allUp &= report(service.module(), process, ready(port) ? "ready" : "not ready", "http://localhost:" + port);
        }
        ManagedProcess demoBackend = process(DEMO_BACKEND);
        totalKib += demoBackend.residentKib();
        allUp &= report(DEMO_BACKEND, demoBackend, ready(ports.demoBackend()) ? "ready" : "not ready", ports.demoBackendUrl());
        ManagedProcess postgres = postgres();
        if (postgres.isAlive()) {
            totalKib += postgres.residentKib();
            report(POSTGRES, postgres, "ready", "embedded, started by auth-service");
        }
        out.printf("%-16s %-8s %-10s %8.0f MiB%n", "total", "", "", totalKib / 1024.0);
        return allUp;
    }

    public boolean isAnyRunning() {
        if (process(KAFKA).isAlive() || postgres().isAlive() || process(DEMO_BACKEND).isAlive()) {
            return true;
        }
        for (Service service : Service.values()) {
            if (process(service.module()).isAlive()) {
                return true;
            }
        }
        return false;
    }

    private boolean report(String name, ManagedProcess process, String readiness, String address) {
        boolean alive = process.isAlive();
        out.printf("%-16s %-8s %-10s %8.0f MiB  %s%n", name, alive ? "running" : "stopped",
                alive ? readiness : "", process.residentKib() / 1024.0, alive ? address : "");
        return alive && readiness.equals("ready");
    }

    private ManagedProcess postgres() {
        return ManagedProcess.detached(POSTGRES, home.resolve("postgres/postmaster.pid"), home.resolve("logs/auth-service.log"));
    }

    private ManagedProcess process(String name) {
        return new ManagedProcess(name, home.resolve("run"), home.resolve("logs"));
    }

    private void startKafka(StackPorts ports) throws Exception {
        Path lib = repository.resolve("local-kafka/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("local-kafka is not built; run ./mvnw -DskipTests package");
        }
        Path kafkaHome = home.resolve("kafka");
        Path data = kafkaHome.resolve("data");
        Path config = kafkaHome.resolve("server.properties");
        Files.createDirectories(data);
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=localhost:" + ports.kafkaController(),
                "listeners=PLAINTEXT://localhost:" + ports.kafka() + ",CONTROLLER://localhost:" + ports.kafkaController(),
                "advertised.listeners=PLAINTEXT://localhost:" + ports.kafka(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=1",
                "auto.create.topics.enable=false",
                // One broker: every internal topic has one replica, or consumers never find a coordinator.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        String classpath = lib.resolve("*").toString();
        String java = javaExecutable();
        if (!Files.exists(data.resolve("meta.properties"))) {
            Process format = new ProcessBuilder(java, "-cp", classpath, "kafka.tools.StorageTool", "format",
                    "--standalone", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs").resolve("kafka-format.log").toFile()))
                    .start();
            if (format.waitFor() != 0) {
                throw new IllegalStateException("formatting the Kafka log folder failed; see " + home.resolve("logs/kafka-format.log"));
            }
        }
        ManagedProcess kafka = process(KAFKA);
        out.printf("starting kafka (KRaft) on localhost:%d%n", ports.kafka());
        kafka.start(List.of(java, "-Xms128m", "-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath, "kafka.Kafka", config.toString()), home);
        waitUntil(() -> createTopics(ports), "kafka", kafka);
    }

    private boolean createTopics(StackPorts ports) {
        if (!inUse(ports.kafka())) {
            return false;
        }
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            Map<String, String> frameTopic = Map.of("retention.ms", FRAME_RETENTION_MS);
            List<NewTopic> topics = List.of(
                    new NewTopic(Topics.FRAMES, FRAME_PARTITIONS, (short) 1).configs(frameTopic),
                    new NewTopic(Topics.FRAMES_ACCEPTED, FRAME_PARTITIONS, (short) 1).configs(frameTopic),
                    new NewTopic(Topics.SESSION_EVENTS, SESSION_EVENT_PARTITIONS, (short) 1).configs(frameTopic));
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }

    private void startService(Service service, StackPorts ports) throws Exception {
        ManagedProcess process = process(service.module());
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + httpPort(service, ports)));
        for (Map.Entry<String, String> setting : settings(service, ports).entrySet()) {
            command.add("-D" + setting.getKey() + "=" + setting.getValue());
        }
        command.addAll(List.of("-jar", service.jar(repository).toString()));
        out.printf("starting %s on http://localhost:%d%n", service.module(), httpPort(service, ports));
        process.start(command, home);
        int port = httpPort(service, ports);
        waitUntil(() -> ready(port), service.module(), process);
    }

    /** Each service's configuration for this stack: the keys and addresses of the local run. */
    private Map<String, String> settings(Service service, StackPorts ports) {
        String imageKey = DemoCustomer.IMAGE_KEY_ID;
        return switch (service) {
            case INGEST_GATEWAY -> Map.of(
                    "kafka.bootstrap.servers", ports.bootstrapServers(),
                    "likeness.gateway.instance-id", "gateway-0",
                    "likeness.gateway.reply-partition", "0",
                    "likeness.gateway.customers." + DemoCustomer.NAME + ".authorization-keys", customer.authorizationPublicKey().toString());
            case QUALITY_SERVICE -> Map.of(
                    "kafka.bootstrap.servers", ports.bootstrapServers(),
                    "likeness.quality.image-keys." + imageKey + ".customer", DemoCustomer.NAME,
                    "likeness.quality.image-keys." + imageKey + ".private-key-file", customer.imagePrivateKey().toString());
            case AUTH_RELAY -> Map.of(
                    "kafka.bootstrap.servers", ports.bootstrapServers(),
                    "likeness.relay.auth-service-target", "localhost:" + ports.authGrpc());
            case AUTH_SERVICE -> Map.of(
                    "likeness.auth.grpc-port", String.valueOf(ports.authGrpc()),
                    "likeness.auth.signing-key-file", customer.signingKey().toString(),
                    "likeness.auth.template-key-file", customer.templateKey().toString(),
                    "likeness.auth.database.embedded-directory", home.resolve("postgres").toString(),
                    "likeness.auth.image-keys." + imageKey + ".customer", DemoCustomer.NAME,
                    "likeness.auth.image-keys." + imageKey + ".private-key-file", customer.imagePrivateKey().toString());
            case JWT_VERIFIER -> Map.of(
                    "likeness.verifier.jwks-url", "http://localhost:" + ports.auth() + "/v1/jwks.json");
        };
    }

    static int httpPort(Service service, StackPorts ports) {
        return switch (service) {
            case INGEST_GATEWAY -> ports.gateway();
            case QUALITY_SERVICE -> ports.quality();
            case AUTH_RELAY -> ports.relay();
            case AUTH_SERVICE -> ports.auth();
            case JWT_VERIFIER -> ports.verifier();
        };
    }

    private interface Check {
        boolean passes() throws Exception;
    }

    private void waitUntil(Check check, String name, ManagedProcess process) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + process.logFile());
            }
            if (check.passes()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + process.logFile());
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    static boolean ready(int port) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
