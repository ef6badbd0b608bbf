package dev.likeness.launcher;

import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole pipeline on one machine, each part its own process: a KRaft Kafka broker from Maven
 * Central jars, the five services and the demo customer's backend from their Quarkus builds
 * (auth-service starts the embedded PostgreSQL). Everything it writes lives under one home folder
 * (`.likeness/` by default). This class starts, stops and restarts the parts in order; what the
 * run leaves on disk is {@link StackRunFiles}, key rotation {@link KeyRotation}, Prometheus and
 * CPU accounting {@link StackObservation}, and each part's specifics live in {@link KafkaBroker},
 * {@link TopicPolicy}, {@link StackService}, {@link ManagedProcess} and {@link StackStatus}.
 */
public final class LocalStack {

    static final String POSTGRES = "postgres";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path repository;
    private final Path home;
    private final DemoCustomer customer;
    private final PrintStream out;
    private final StackRunFiles runFiles;
    private final KeyRotation keyRotation;
    private final StackObservation observation;
    private StackHttp http;

    public LocalStack(Path repository, Path home, PrintStream out) {
        this.repository = repository.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
        this.customer = new DemoCustomer(this.home.resolve("keys"));
        this.out = out;
        this.runFiles = new StackRunFiles(this.home);
        this.keyRotation = new KeyRotation(this, customer);
        this.observation = new StackObservation(this, this.repository, this.home);
    }

    public DemoCustomer customer() {
        return customer;
    }

    public Path home() {
        return home;
    }

    /** Rotating the template and signing keys. */
    public KeyRotation keys() {
        return keyRotation;
    }

    /** Prometheus, and the processes that share the cores with a measuring client. */
    public StackObservation observation() {
        return observation;
    }

    /**
     * The client for the services' health and metrics, trusting the local CA (auth-service and
     * jwt-verifier serve HTTPS with its certificates); before the CA exists, plain http only.
     */
    public synchronized StackHttp http() {
        if (http == null) {
            Path ca = customer.tls().caCertificate();
            http = new StackHttp(Files.exists(ca) ? Optional.of(ca) : Optional.empty());
        }
        return http;
    }

    /** The demo customer's liveness policy in the running (or last started) stack. */
    public SessionLiveness.Policy liveness() throws IOException {
        return runFiles.liveness();
    }

    /** The ports of the running (or last started) stack. */
    public StackPorts ports() throws IOException {
        return runFiles.ports();
    }

    /**
     * Starts every part and waits until each is ready. The first instance of each service runs on
     * its documented port; further ones (quality-service-2, ingest-gateway-2, ...) on free ports,
     * recorded so that status, down and Prometheus find them. {@code liveness} is the demo
     * customer's policy (off for tests and benchmarks of other features, which send still photos).
     */
    public void up(StackPorts ports, StackScale scale, SessionLiveness.Policy liveness) throws Exception {
        up(ports, scale, DemoLiveness.of(liveness));
    }

    /** The same, with a challenge fixed for browser tests when {@code liveness} has one (DemoLiveness). */
    public void up(StackPorts ports, StackScale scale, DemoLiveness liveness) throws Exception {
        if (isAnyRunning()) {
            throw new IllegalStateException("a local stack is running already; `./likeness down` first");
        }
        for (int port : ports.all()) {
            if (Probes.inUse(port)) {
                throw new IllegalStateException("port " + port + " is in use by another program");
            }
        }
        for (StackService service : StackService.values()) {
            if (!Files.exists(service.jar(repository))) {
                throw new IllegalStateException(service.module() + " is not built; run ./mvnw -DskipTests package");
            }
        }
        runFiles.recordStart(ports, scale, liveness);
        customer.ensureKeys();
        synchronized (this) {
            http = null; // the CA may be new
        }
        new KafkaBroker(repository, home, out).start(process(KafkaBroker.NAME), ports);
        for (Instance instance : instances()) {
            start(instance, ports);
        }
        waitForConsumerGroups(ports);
    }

    /** One process of a service: its name in the stack, its number among the service's instances (from 1), its HTTP port. */
    public record Instance(StackService service, String name, int number, int httpPort) {
        /** A gateway's WebSocket URL. */
        public URI sessionsUrl() {
            return URI.create(StackPorts.sessionsUrl(httpPort));
        }

        /** A verifier's verification URL. */
        public URI verifyUrl() {
            return URI.create(StackPorts.verifyUrl(httpPort));
        }

        /** Where it serves health, metrics and its API: https for auth-service and jwt-verifier. */
        public URI baseUrl() {
            return service.baseUrl(httpPort);
        }
    }

    /** Every service process of the running (or last started) stack, in start order. */
    public List<Instance> instances() throws IOException {
        return runFiles.instances();
    }

    /** The service process called {@code name} (e.g. ingest-gateway-2). */
    public Instance instance(String name) throws IOException {
        return instances().stream().filter(instance -> instance.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service process " + name + " in this stack"));
    }

    /** A snapshot of every service process (not the demo backend): memory, live heap, log length. */
    public List<ServiceSnapshot> snapshot() throws IOException, InterruptedException {
        List<ServiceSnapshot> snapshots = new ArrayList<>();
        for (Instance instance : instances()) {
            if (instance.service() != StackService.DEMO_BACKEND) {
                snapshots.add(ServiceSnapshot.take(instance.name(), process(instance.name())));
            }
        }
        return snapshots;
    }

    /**
     * Ends a service process, or the broker ({@code kafka}), at once (SIGKILL), as a crash or an evicted pod would: no shutdown hook
     * runs.
     */
    public void kill(String name) throws IOException {
        process(name.equals(KafkaBroker.NAME) ? KafkaBroker.NAME : instance(name).name()).kill();
    }

    /**
     * Stops a service process or the broker if it runs, and starts it again as `up` did; waits
     * until it is ready (for the broker, until the consumer groups own every partition again).
     */
    public void restart(String name) throws Exception {
        if (name.equals(KafkaBroker.NAME)) {
            restartBroker();
            return;
        }
        stop(name);
        startAgain(name);
    }

    /**
     * Restarts the Kafka broker (SIGTERM, then the same start as `up`, on its data), as a broker
     * upgrade or a node restart would; waits until the consumer groups own every partition again.
     */
    public void restartBroker() throws Exception {
        StackPorts ports = ports();
        ManagedProcess broker = process(KafkaBroker.NAME);
        broker.stop(STOP_GRACE);
        new KafkaBroker(repository, home, out).start(broker, ports);
        waitForConsumerGroups(ports);
    }

    private void waitForConsumerGroups(StackPorts ports) throws Exception {
        out.println("waiting for the quality and auth-relay consumer groups to own every partition");
        Probes.waitUntil(() -> KafkaBroker.consumersAssigned(ports, Map.of(
                "quality", Topics.FRAMES, "auth-relay", Topics.FRAMES_ACCEPTED)),
                "the consumer groups", process(KafkaBroker.NAME));
    }

    /** Stops a service process as `down` does (SIGTERM, then SIGKILL after the grace period). */
    public void stop(String name) throws IOException {
        process(instance(name).name()).stop(STOP_GRACE);
    }

    /**
     * Starts a service process that is not running, as `up` started it, and waits until it is
     * ready and so is every other running part: a part that depends on it (auth-relay on
     * auth-service) reports ready only once it reaches it again, and a session started before
     * that would fail for a reason the restart, not the session, caused.
     */
    public void startAgain(String name) throws Exception {
        Instance instance = instance(name);
        if (process(name).isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        start(instance, ports());
        for (Instance other : instances()) {
            if (!other.equals(instance) && process(other.name()).isAlive()) {
                Probes.waitUntil(() -> http().ready(other.baseUrl()), other.name(), process(other.name()));
            }
        }
    }

    /** The running parts, in start order: the broker, each service process, the database. */
    public List<StackPart> parts() throws IOException {
        List<StackPart> parts = new ArrayList<>();
        parts.add(new StackPart(KafkaBroker.NAME, Optional.empty(), process(KafkaBroker.NAME)));
        for (Instance instance : instances()) {
            parts.add(new StackPart(instance.name(), Optional.of(new StackPart.Endpoint(instance.baseUrl(), http())),
                    process(instance.name())));
        }
        parts.add(new StackPart(POSTGRES, Optional.empty(), runFiles.postgres()));
        LocalPrometheus prometheus = observation.prometheus();
        if (prometheus.isAlive()) {
            parts.add(new StackPart(LocalPrometheus.NAME, Optional.empty(), prometheus.process()));
        }
        return parts;
    }

    /** Stops every part (the last started first, the broker last) and checks no port is left open. */
    public void down() throws IOException {
        StackPorts ports = ports();
        List<ManagedProcess> processes = new ArrayList<>();
        for (Instance instance : instances()) {
            processes.add(0, process(instance.name()));
        }
        processes.add(0, observation.prometheus().process());
        // auth-service stops its embedded PostgreSQL on shutdown; should it have died without, this stops it.
        processes.add(runFiles.postgres());
        processes.add(process(KafkaBroker.NAME));
        for (ManagedProcess process : processes) {
            if (process.isAlive()) {
                out.printf("stopping %s%n", process.name());
            }
            process.stop(STOP_GRACE);
        }
        for (int port : ports.all()) {
            if (Probes.inUse(port)) {
                out.printf("warning: port %d is still in use (by a program outside this stack?)%n", port);
            }
        }
    }

    /** Prints what runs; true when every part runs and is ready. */
    public boolean status() throws IOException {
        return new StackStatus(this, out).print(ports());
    }

    public boolean isAnyRunning() throws IOException {
        return parts().stream().anyMatch(StackPart::isAlive);
    }

    private void start(Instance instance, StackPorts ports) throws Exception {
        ManagedProcess process = process(instance.name());
        StackService service = instance.service();
        List<String> command = new ArrayList<>(List.of(Probes.javaExecutable(), "-Xms64m", service.maxHeap(), "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1", (service.servesHttps() ? "-Dquarkus.http.ssl-port=" : "-Dquarkus.http.port=")
                        + instance.httpPort()));
        int qualityWorkers = (int) instances().stream().filter(other -> other.service() == StackService.QUALITY_SERVICE).count();
        for (Map.Entry<String, String> setting : service.settings(ports, customer, home, instance.number(), qualityWorkers,
                runFiles.demoLiveness()).entrySet()) {
            command.add("-D" + setting.getKey() + "=" + setting.getValue());
        }
        command.addAll(List.of("-jar", service.jar(repository).toString()));
        out.printf("starting %s on %s%n", instance.name(), instance.baseUrl());
        process.start(command, home);
        Probes.waitUntil(() -> http().ready(instance.baseUrl()), instance.name(), process);
    }

    /**
     * The machine's cores shared among the quality workers, at least one consumer each: one worker
     * on this stack judges as many frames at once as there are cores; more workers split them. Never
     * more consumers than likeness.frames has partitions: one beyond them would idle.
     */
    static int qualityConsumersPerWorker(int cores, int workers) {
        return Math.max(1, Math.min(cores, TopicPolicy.FRAME_PARTITIONS) / workers);
    }

    PrintStream out() {
        return out;
    }

    ManagedProcess process(String name) {
        return runFiles.process(name);
    }
}
