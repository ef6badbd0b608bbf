package dev.likeness.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Watching the local stack: Prometheus scraping every service process with deploy/monitoring's
 * rules, and the processes that share the machine's cores with a client measuring the stack.
 */
public final class StackObservation {

    /** The job of the broker's series, here and in a cluster (deploy/monitoring/pod-monitor.yaml). */
    public static final String BROKER_JOB = "likeness-kafka";

    private final LocalStack stack;
    private final LocalPrometheus prometheus;

    StackObservation(LocalStack stack, Path repository, Path home) {
        this.stack = stack;
        this.prometheus = new LocalPrometheus(repository, home);
    }

    /**
     * Starts Prometheus (Debian's binary, when there is one) scraping every service process;
     * false, with the reason printed, when there is no binary.
     */
    public boolean observe(int port) throws Exception {
        Optional<Path> binary = LocalPrometheus.binary();
        if (binary.isEmpty()) {
            stack.out().println("not observing: no prometheus binary (apt-get install prometheus, or set PROMETHEUS to one)");
            return false;
        }
        stack.out().printf("starting prometheus on http://localhost:%d (rules of deploy/monitoring)%n", port);
        prometheus.start(binary.get(), port, scrapeTargets(), stack.customer().tls().caCertificate());
        return true;
    }

    public LocalPrometheus prometheus() {
        return prometheus;
    }

    /**
     * What Prometheus scrapes: each service process (not the demo customer's backend), under its
     * service's name as the job, as the PodMonitor names them in a cluster, and the broker's JMX
     * exporter as the job {@value #BROKER_JOB}, as the Kafka PodMonitor names a cluster's brokers.
     */
    public List<LocalPrometheus.Target> scrapeTargets() throws IOException {
        List<LocalPrometheus.Target> targets = new ArrayList<>(stack.instances().stream()
                .filter(instance -> instance.service() != StackService.DEMO_BACKEND)
                .map(instance -> new LocalPrometheus.Target(instance.service().module(), instance.name(),
                        instance.baseUrl().resolve("/q/metrics")))
                .toList());
        targets.add(new LocalPrometheus.Target(BROKER_JOB, KafkaBroker.NAME,
                URI.create("http://localhost:" + stack.ports().kafkaMetrics() + "/metrics")));
        return targets;
    }

    /**
     * The parts alive now and the JVM calling this, named {@code callerName}: everything that shares
     * the machine's cores while a client of the stack measures it (the bench, `up`'s probe).
     */
    public List<StackPart> alivePartsWithCaller(String callerName) throws IOException {
        List<StackPart> parts = new ArrayList<>(stack.parts().stream().filter(StackPart::isAlive).toList());
        parts.add(StackPart.thisProcess(callerName));
        return parts;
    }
}
