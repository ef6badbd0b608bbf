package dev.likeness.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

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

    /** Starts every part, with one quality worker, and waits until each is ready. */
    public void up(StackPorts ports) throws Exception {
        up(ports, 1);
    }

    /**
     * Starts every part and waits until each is ready; {@code qualityWorkers} quality-service
     * processes share consumer group {@code quality} (the first on the documented port, the others
     * on free ports, named quality-service-2 and so on).
     */
    public void up(StackPorts ports, int qualityWorkers) throws Exception {
        if (qualityWorkers < 1 || qualityWorkers > TopicPolicy.FRAME_PARTITIONS) {
            throw new IllegalArgumentException("--quality-workers must be 1 to " + TopicPolicy.FRAME_PARTITIONS
                    + " (the partitions of likeness.frames; a worker beyond them would idle)");
        }
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
        Properties extraWorkers = new Properties();
        for (int worker = 2; worker <= qualityWorkers; worker++) {
            extraWorkers.setProperty(StackService.QUALITY_SERVICE.module() + "-" + worker, String.valueOf(StackPorts.freePort()));
        }
        try (Writer writer = Files.newBufferedWriter(home.resolve(EXTRA_WORKERS))) {
            extraWorkers.store(writer, "further quality-service processes of the local stack: name = HTTP port");
        }
        for (StackService service : StackService.values()) {
            start(service, service.module(), service.httpPort(ports), ports);
            if (service == StackService.QUALITY_SERVICE) {
                for (String name : extraWorkers.stringPropertyNames().stream().sorted().toList()) {
                    start(service, name, Integer.parseInt(extraWorkers.getProperty(name)), ports);
                }
            }
        }
        out.println("waiting for the quality and auth-relay consumer groups to own every partition");
        Probes.waitUntil(() -> KafkaBroker.consumersAssigned(ports, Map.of(
                "quality", dev.likeness.proto.Topics.FRAMES, "auth-relay", dev.likeness.proto.Topics.FRAMES_ACCEPTED)),
                "the consumer groups", process(KafkaBroker.NAME));
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
        StackPorts ports = ports();
        Properties extraWorkers = extraWorkers();
        List<LocalPrometheus.Target> targets = new ArrayList<>();
        for (StackService service : StackService.values()) {
            if (service == StackService.DEMO_BACKEND) {
                continue;
            }
            targets.add(new LocalPrometheus.Target(service.module(), service.httpPort(ports)));
            if (service == StackService.QUALITY_SERVICE) {
                for (String worker : extraWorkers.stringPropertyNames().stream().sorted().toList()) {
                    targets.add(new LocalPrometheus.Target(service.module(), Integer.parseInt(extraWorkers.getProperty(worker))));
                }
            }
        }
        return targets;
    }

    /** The running parts, in start order: the broker, each service process, the database. */
    public List<StackPart> parts() throws IOException {
        StackPorts ports = ports();
        List<StackPart> parts = new ArrayList<>();
        parts.add(new StackPart(KafkaBroker.NAME, java.util.OptionalInt.empty(), process(KafkaBroker.NAME)));
        Properties extraWorkers = extraWorkers();
        for (StackService service : StackService.values()) {
            parts.add(new StackPart(service.module(), java.util.OptionalInt.of(service.httpPort(ports)), process(service.module())));
            if (service == StackService.QUALITY_SERVICE) {
                for (String name : extraWorkers.stringPropertyNames().stream().sorted().toList()) {
                    parts.add(new StackPart(name, java.util.OptionalInt.of(Integer.parseInt(extraWorkers.getProperty(name))), process(name)));
                }
            }
        }
        parts.add(new StackPart(POSTGRES, java.util.OptionalInt.empty(), postgres()));
        LocalPrometheus prometheus = prometheus();
        if (prometheus.isAlive()) {
            parts.add(new StackPart(LocalPrometheus.NAME, java.util.OptionalInt.of(prometheus.port()), prometheus.process()));
        }
        return parts;
    }

    private static final String EXTRA_WORKERS = "run/quality-workers.properties";

    private Properties extraWorkers() throws IOException {
        Properties properties = new Properties();
        Path file = home.resolve(EXTRA_WORKERS);
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
        for (StackService service : StackService.values()) {
            processes.add(0, process(service.module()));
        }
        for (String worker : extraWorkers().stringPropertyNames()) {
            processes.add(0, process(worker));
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

    private void start(StackService service, String name, int port, StackPorts ports) throws Exception {
        ManagedProcess process = process(name);
        List<String> command = new ArrayList<>(List.of(Probes.javaExecutable(), "-Xms64m", service.maxHeap(), "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
        for (Map.Entry<String, String> setting : service.settings(ports, customer, home).entrySet()) {
            command.add("-D" + setting.getKey() + "=" + setting.getValue());
        }
        command.addAll(List.of("-jar", service.jar(repository).toString()));
        out.printf("starting %s on http://localhost:%d%n", name, port);
        process.start(command, home);
        Probes.waitUntil(() -> Probes.ready(port), name, process);
    }

    ManagedProcess postgres() {
        return ManagedProcess.detached(POSTGRES, home.resolve("postgres/postmaster.pid"), home.resolve("logs/auth-service.log"));
    }

    ManagedProcess process(String name) {
        return new ManagedProcess(name, home.resolve("run"), home.resolve("logs"));
    }
}
