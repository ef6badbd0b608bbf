package dev.likeness.launcher;

import dev.likeness.liveness.SessionLiveness;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What a running stack leaves in its home folder for later commands: the ports it was started on
 * ({@code run/ports.properties}), the further instances of scaled-out services and their ports
 * ({@code run/extra-instances.properties}), and each process's pid and log file.
 */
final class StackRunFiles {

    private static final String PORTS = "run/ports.properties";
    private static final String EXTRA_INSTANCES = "run/extra-instances.properties";
    private static final String DEMO_CUSTOMER = "run/demo-customer.properties";

    private final Path home;

    StackRunFiles(Path home) {
        this.home = home;
    }

    /** The ports of the running (or last started) stack; the defaults before any start. */
    StackPorts ports() throws IOException {
        Path file = home.resolve(PORTS);
        return Files.exists(file) ? StackPorts.fromProperties(read(file)) : StackPorts.defaults();
    }

    /**
     * Records the ports of a stack about to start, and gives each further instance of a service
     * (quality-service-2, ingest-gateway-2, ...) a free port.
     */
    void recordStart(StackPorts ports, StackScale scale, DemoLiveness liveness) throws IOException {
        Files.createDirectories(home.resolve("run"));
        write(home.resolve(PORTS), ports.toProperties(), "ports of the local stack");
        Properties customer = new Properties();
        customer.setProperty("liveness", liveness.policy().wireName());
        customer.setProperty("fixed-challenge", String.join(",", liveness.fixedChallenge()));
        write(home.resolve(DEMO_CUSTOMER), customer, "the demo customer's settings in this stack");
        Properties extraInstances = new Properties();
        for (StackService service : StackService.values()) {
            for (int instance = 2; instance <= scale.instances(service); instance++) {
                extraInstances.setProperty(service.module() + "-" + instance, String.valueOf(StackPorts.freePort()));
            }
        }
        write(home.resolve(EXTRA_INSTANCES), extraInstances, "further instances of services of the local stack: name = HTTP port");
    }

    /** The demo customer's liveness policy in the running (or last started) stack: challenge (the default) before any start. */
    SessionLiveness.Policy liveness() throws IOException {
        Path file = home.resolve(DEMO_CUSTOMER);
        String policy = Files.exists(file) ? read(file).getProperty("liveness", "challenge") : "challenge";
        return SessionLiveness.Policy.named(policy).orElseThrow(() -> new IOException(file + ": unknown liveness policy " + policy));
    }

    /** The demo customer's liveness in the running (or last started) stack, with its fixed challenge if it has one. */
    DemoLiveness demoLiveness() throws IOException {
        Path file = home.resolve(DEMO_CUSTOMER);
        String fixed = Files.exists(file) ? read(file).getProperty("fixed-challenge", "") : "";
        return new DemoLiveness(liveness(), fixed.isBlank() ? List.of() : List.of(fixed.split(",")));
    }

    /** Every service process of the running (or last started) stack, in start order. */
    List<LocalStack.Instance> instances() throws IOException {
        StackPorts ports = ports();
        Path file = home.resolve(EXTRA_INSTANCES);
        Properties extraInstances = Files.exists(file) ? read(file) : new Properties();
        List<LocalStack.Instance> instances = new ArrayList<>();
        for (StackService service : StackService.values()) {
            instances.add(new LocalStack.Instance(service, service.module(), 1, service.httpPort(ports)));
            for (int number = 2; extraInstances.containsKey(service.module() + "-" + number); number++) {
                String name = service.module() + "-" + number;
                instances.add(new LocalStack.Instance(service, name, number, Integer.parseInt(extraInstances.getProperty(name))));
            }
        }
        return instances;
    }

    /** The process called {@code name}: its pid file under run/, its log under logs/. */
    ManagedProcess process(String name) {
        return new ManagedProcess(name, home.resolve("run"), home.resolve("logs"));
    }

    /** The embedded PostgreSQL auth-service starts: its own pid file, its output in auth-service's log. */
    ManagedProcess postgres() {
        return ManagedProcess.detached(LocalStack.POSTGRES, home.resolve("postgres/postmaster.pid"), home.resolve("logs/auth-service.log"));
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    private static void write(Path file, Properties properties, String comment) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, comment);
        }
    }
}
