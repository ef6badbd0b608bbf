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

    /** Starts every part and waits until each is ready. */
    public void up(StackPorts ports) throws Exception {
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
        for (StackService service : StackService.values()) {
            start(service, ports);
        }
    }

    /** Stops every part (the last started first, the broker last) and checks no port is left open. */
    public void down() throws IOException {
        StackPorts ports = ports();
        List<ManagedProcess> processes = new ArrayList<>();
        for (StackService service : StackService.values()) {
            processes.add(0, process(service.module()));
        }
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

    public boolean isAnyRunning() {
        if (process(KafkaBroker.NAME).isAlive() || postgres().isAlive()) {
            return true;
        }
        for (StackService service : StackService.values()) {
            if (process(service.module()).isAlive()) {
                return true;
            }
        }
        return false;
    }

    private void start(StackService service, StackPorts ports) throws Exception {
        ManagedProcess process = process(service.module());
        int port = service.httpPort(ports);
        List<String> command = new ArrayList<>(List.of(Probes.javaExecutable(), "-Xms64m", service.maxHeap(), "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
        for (Map.Entry<String, String> setting : service.settings(ports, customer, home).entrySet()) {
            command.add("-D" + setting.getKey() + "=" + setting.getValue());
        }
        command.addAll(List.of("-jar", service.jar(repository).toString()));
        out.printf("starting %s on http://localhost:%d%n", service.module(), port);
        process.start(command, home);
        Probes.waitUntil(() -> Probes.ready(port), service.module(), process);
    }

    ManagedProcess postgres() {
        return ManagedProcess.detached(POSTGRES, home.resolve("postgres/postmaster.pid"), home.resolve("logs/auth-service.log"));
    }

    ManagedProcess process(String name) {
        return new ManagedProcess(name, home.resolve("run"), home.resolve("logs"));
    }
}
