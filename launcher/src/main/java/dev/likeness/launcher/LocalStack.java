package dev.likeness.launcher;

import dev.likeness.proto.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The whole pipeline on one machine, each part its own process: a KRaft Kafka broker from Maven
 * Central jars, the five services and the demo customer's backend from their Quarkus builds
 * (auth-service starts the embedded PostgreSQL). Everything it writes lives under one home folder
 * (`.likeness/` by default). This class sequences the parts; each part's specifics live in
 * {@link KafkaBroker}, {@link TopicPolicy}, {@link StackService}, {@link ManagedProcess} and {@link StackStatus}.
 */
public final class LocalStack {

    static final String POSTGRES = "postgres";
    /** auth-service's likeness.auth.token-lifetime (its default, which the local stack keeps). */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private static final String EXTRA_INSTANCES = "run/extra-instances.properties";
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

    /** Starts every part, one instance of each service, and waits until each is ready. */
    public void up(StackPorts ports) throws Exception {
        up(ports, Scale.ONE_EACH);
    }

    /**
     * How many instances of the services that scale out to start: quality workers share consumer
     * group {@code quality}, each up to a partition of likeness.frames; gateways each read their
     * own partition of likeness.session-events; verifiers share the used-token ledger.
     */
    public record Scale(int qualityWorkers, int gateways, int verifiers) {
        public static final Scale ONE_EACH = new Scale(1, 1, 1);

        public Scale(int qualityWorkers, int gateways) {
            this(qualityWorkers, gateways, 1);
        }

        public Scale {
            if (qualityWorkers < 1 || qualityWorkers > TopicPolicy.FRAME_PARTITIONS) {
                throw new IllegalArgumentException("--quality-workers must be 1 to " + TopicPolicy.FRAME_PARTITIONS
                        + " (the partitions of likeness.frames; a worker beyond them would idle)");
            }
            if (gateways < 1 || gateways > TopicPolicy.SESSION_EVENT_PARTITIONS) {
                throw new IllegalArgumentException("--gateways must be 1 to " + TopicPolicy.SESSION_EVENT_PARTITIONS
                        + " (the partitions of likeness.session-events, one per gateway)");
            }
            if (verifiers < 1) {
                throw new IllegalArgumentException("at least one jwt-verifier");
            }
        }

        int instances(StackService service) {
            return switch (service) {
                case QUALITY_SERVICE -> qualityWorkers;
                case INGEST_GATEWAY -> gateways;
                case JWT_VERIFIER -> verifiers;
                default -> 1;
            };
        }
    }

    /**
     * Starts every part and waits until each is ready. The first instance of each service runs on
     * its documented port; further ones (quality-service-2, ingest-gateway-2, ...) on free ports,
     * recorded so that status, down and Prometheus find them.
     */
    public void up(StackPorts ports, Scale scale) throws Exception {
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
        Files.createDirectories(home.resolve("run"));
        try (Writer writer = Files.newBufferedWriter(home.resolve("run/ports.properties"))) {
            ports.toProperties().store(writer, "ports of the local stack");
        }
        customer.ensureKeys();
        new KafkaBroker(repository, home, out).start(process(KafkaBroker.NAME), ports);
        Properties extraInstances = new Properties();
        for (StackService service : StackService.values()) {
            for (int instance = 2; instance <= scale.instances(service); instance++) {
                extraInstances.setProperty(service.module() + "-" + instance, String.valueOf(StackPorts.freePort()));
            }
        }
        try (Writer writer = Files.newBufferedWriter(home.resolve(EXTRA_INSTANCES))) {
            extraInstances.store(writer, "further instances of services of the local stack: name = HTTP port");
        }
        for (StackService service : StackService.values()) {
            for (Instance instance : instancesOf(service, ports, extraInstances)) {
                start(instance, ports);
            }
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
    }

    /** Every service process of the running (or last started) stack, in start order. */
    public List<Instance> instances() throws IOException {
        StackPorts ports = ports();
        Properties extraInstances = extraInstances();
        List<Instance> instances = new ArrayList<>();
        for (StackService service : StackService.values()) {
            instances.addAll(instancesOf(service, ports, extraInstances));
        }
        return instances;
    }

    /** The service process called {@code name} (e.g. ingest-gateway-2). */
    public Instance instance(String name) throws IOException {
        return instances().stream().filter(instance -> instance.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service process " + name + " in this stack"));
    }

    private static List<Instance> instancesOf(StackService service, StackPorts ports, Properties extraInstances) {
        List<Instance> instances = new ArrayList<>(List.of(new Instance(service, service.module(), 1, service.httpPort(ports))));
        for (int number = 2; extraInstances.containsKey(service.module() + "-" + number); number++) {
            String name = service.module() + "-" + number;
            instances.add(new Instance(service, name, number, Integer.parseInt(extraInstances.getProperty(name))));
        }
        return instances;
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
    public void cycle(String name) throws Exception {
        if (name.equals(KafkaBroker.NAME)) {
            restartBroker();
            return;
        }
        stop(name);
        restart(name);
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
     * Rotates the local template key: a fresh key becomes current, the old one previous;
     * auth-service restarts with both and re-seals every template in the background; once the
     * re-seal is done and no template was unreadable, the previous key files are deleted. While
     * auth-service restarts, its embedded database is down too: sessions starting then get
     * SERVER_UNAVAILABLE.
     */
    public TemplateReseal rotateTemplateKey() throws Exception {
        if (!process(StackService.AUTH_SERVICE.module()).isAlive()) {
            throw new IllegalStateException("auth-service is not running; `./likeness up` first");
        }
        Path previous = customer.rotateTemplateKey();
        out.printf("new template key in %s; the previous one kept as %s%n", customer.templateKey(), previous);
        stop(StackService.AUTH_SERVICE.module());
        restart(StackService.AUTH_SERVICE.module());
        int port = StackService.AUTH_SERVICE.httpPort(ports());
        out.println("auth-service is re-sealing every template with the new key");
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (PrometheusText.value(PrometheusText.scrape(port), "likeness_auth_template_reseal_running").orElse(1.0) != 0.0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the re-seal did not finish within 10 minutes; see "
                        + process(StackService.AUTH_SERVICE.module()).logFile());
            }
            Thread.sleep(250);
        }
        TemplateReseal reseal = new TemplateReseal(resealed(port, "resealed"), resealed(port, "already_current"),
                resealed(port, "changed_meanwhile"), resealed(port, "unreadable"));
        if (reseal.unreadable() == 0) {
            for (Path key : customer.previousTemplateKeys()) {
                Files.delete(key);
            }
        }
        return reseal;
    }

    /**
     * Rotates the local signing key: a fresh key (new {@code kid}) signs from now on, the old one
     * is published beside it until its tokens have expired (5 minutes, auth-service's token
     * lifetime); auth-service restarts to take both. Running verifiers fetch the new key on its
     * unknown {@code kid}. Returns the new key's id.
     */
    public String rotateSigningKey() throws Exception {
        if (!process(StackService.AUTH_SERVICE.module()).isAlive()) {
            throw new IllegalStateException("auth-service is not running; `./likeness up` first");
        }
        String keyId = customer.rotateSigningKey(TOKEN_LIFETIME);
        stop(StackService.AUTH_SERVICE.module());
        restart(StackService.AUTH_SERVICE.module());
        return keyId;
    }

    /** What auth-service's re-seal after a template-key rotation counted. */
    public record TemplateReseal(long resealed, long alreadyCurrent, long changedMeanwhile, long unreadable) {
    }

    private static long resealed(int port, String outcome) {
        return PrometheusText.byLabel(PrometheusText.scrape(port), "likeness_auth_templates_resealed_total", "outcome")
                .getOrDefault(outcome, 0.0).longValue();
    }

    /**
     * Starts a service process that is not running, as `up` started it, and waits until it is
     * ready and so is every other running part: a part that depends on it (auth-relay on
     * auth-service) reports ready only once it reaches it again, and a session started before
     * that would fail for a reason the restart, not the session, caused.
     */
    public void restart(String name) throws Exception {
        Instance instance = instance(name);
        if (process(name).isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        start(instance, ports());
        for (Instance other : instances()) {
            if (!other.equals(instance) && process(other.name()).isAlive()) {
                Probes.waitUntil(() -> Probes.ready(other.httpPort()), other.name(), process(other.name()));
            }
        }
    }

    /**
     * Starts Prometheus (Debian's binary, when there is one) scraping every service process with
     * deploy/monitoring's rules; false, with the reason printed, when there is no binary.
     */
    public boolean observe(int port) throws Exception {
        Optional<Path> binary = LocalPrometheus.binary();
        if (binary.isEmpty()) {
            out.println("not observing: no prometheus binary (apt-get install prometheus, or set PROMETHEUS to one)");
            return false;
        }
        out.printf("starting prometheus on http://localhost:%d (rules of deploy/monitoring)%n", port);
        prometheus().start(binary.get(), port, scrapeTargets());
        return true;
    }

    public LocalPrometheus prometheus() {
        return new LocalPrometheus(repository, home);
    }

    /**
     * What Prometheus scrapes: each service process (not the demo customer's backend), under its
     * service's name as the job, as the PodMonitor names them in a cluster.
     */
    public List<LocalPrometheus.Target> scrapeTargets() throws IOException {
        return instances().stream()
                .filter(instance -> instance.service() != StackService.DEMO_BACKEND)
                .map(instance -> new LocalPrometheus.Target(instance.service().module(), instance.httpPort()))
                .toList();
    }

    /**
     * The parts alive now and the JVM calling this, named {@code callerName}: everything that shares
     * the machine's cores while a client of the stack measures it (the bench, `up`'s probe).
     */
    public List<StackPart> alivePartsWithCaller(String callerName) throws IOException {
        List<StackPart> parts = new ArrayList<>(parts().stream().filter(StackPart::isAlive).toList());
        parts.add(StackPart.thisProcess(callerName));
        return parts;
    }

    /** The running parts, in start order: the broker, each service process, the database. */
    public List<StackPart> parts() throws IOException {
        List<StackPart> parts = new ArrayList<>();
        parts.add(new StackPart(KafkaBroker.NAME, OptionalInt.empty(), process(KafkaBroker.NAME)));
        for (Instance instance : instances()) {
            parts.add(new StackPart(instance.name(), OptionalInt.of(instance.httpPort()), process(instance.name())));
        }
        parts.add(new StackPart(POSTGRES, OptionalInt.empty(), postgres()));
        LocalPrometheus prometheus = prometheus();
        if (prometheus.isAlive()) {
            parts.add(new StackPart(LocalPrometheus.NAME, OptionalInt.of(prometheus.port()), prometheus.process()));
        }
        return parts;
    }

    private Properties extraInstances() throws IOException {
        Properties properties = new Properties();
        Path file = home.resolve(EXTRA_INSTANCES);
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        return properties;
    }

    /** Stops every part (the last started first, the broker last) and checks no port is left open. */
    public void down() throws IOException {
        StackPorts ports = ports();
        List<ManagedProcess> processes = new ArrayList<>();
        for (Instance instance : instances()) {
            processes.add(0, process(instance.name()));
        }
        processes.add(0, prometheus().process());
        // auth-service stops its embedded PostgreSQL on shutdown; should it have died without, this stops it.
        processes.add(postgres());
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
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + instance.httpPort()));
        int qualityWorkers = (int) instances().stream().filter(other -> other.service() == StackService.QUALITY_SERVICE).count();
        for (Map.Entry<String, String> setting : service.settings(ports, customer, home, instance.number(), qualityWorkers).entrySet()) {
            command.add("-D" + setting.getKey() + "=" + setting.getValue());
        }
        command.addAll(List.of("-jar", service.jar(repository).toString()));
        out.printf("starting %s on http://localhost:%d%n", instance.name(), instance.httpPort());
        process.start(command, home);
        Probes.waitUntil(() -> Probes.ready(instance.httpPort()), instance.name(), process);
    }

    /**
     * The machine's cores shared among the quality workers, at least one consumer each: one worker
     * on this stack judges as many frames at once as there are cores; more workers split them. Never
     * more consumers than likeness.frames has partitions: one beyond them would idle.
     */
    static int qualityConsumersPerWorker(int cores, int workers) {
        return Math.max(1, Math.min(cores, TopicPolicy.FRAME_PARTITIONS) / workers);
    }

    ManagedProcess postgres() {
        return ManagedProcess.detached(POSTGRES, home.resolve("postgres/postmaster.pid"), home.resolve("logs/auth-service.log"));
    }

    ManagedProcess process(String name) {
        return new ManagedProcess(name, home.resolve("run"), home.resolve("logs"));
    }
}
