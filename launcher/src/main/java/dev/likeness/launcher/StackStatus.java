package dev.likeness.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * `./likeness status`: one line a part (running, ready, resident memory, address), then the total;
 * with Prometheus running (`up --observe`), the alerts pending or firing.
 */
final class StackStatus {

    private final LocalStack stack;
    private final PrintStream out;
    private long totalKib;
    private boolean allUp = true;

    StackStatus(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** Prints the table; true when every part runs and is ready. */
    boolean print(StackPorts ports) throws IOException {
        for (StackPart part : stack.parts()) {
            if (part.name().equals(KafkaBroker.NAME)) {
                line(part, Probes.inUse(ports.kafka()), "localhost:" + ports.kafka());
            } else if (part.name().equals(LocalPrometheus.NAME)) {
                line(part, stack.observation().prometheus().ready(), stack.observation().prometheus().url());
            } else if (part.name().equals(LocalStack.POSTGRES)) {
                if (part.isAlive()) {
                    line(part, true, "embedded, started by auth-service");
                }
            } else {
                line(part, part.ready(), part.baseUrl().orElseThrow().toString());
            }
        }
        out.printf("%-17s %-8s %-10s %8.0f MiB%n", "total", "", "", totalKib / 1024.0);
        LocalPrometheus prometheus = stack.observation().prometheus();
        if (prometheus.isAlive()) {
            printAlerts(prometheus);
        }
        return allUp;
    }

    private void printAlerts(LocalPrometheus prometheus) {
        try {
            List<LocalPrometheus.Alert> alerts = prometheus.alerts();
            out.printf("%nalerts (%s/alerts): %s%n", prometheus.url(), alerts.isEmpty() ? "none pending or firing" : "");
            for (LocalPrometheus.Alert alert : alerts) {
                String where = alert.labels().entrySet().stream()
                        .filter(label -> !label.getKey().equals("alertname") && !label.getKey().equals("severity"))
                        .map(label -> label.getKey() + "=" + label.getValue()).collect(Collectors.joining(" "));
                out.printf("  %-8s %-9s %s %s%n", alert.state(), alert.labels().getOrDefault("severity", ""), alert.name(), where);
            }
        } catch (IOException e) {
            out.println("alerts: Prometheus did not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void line(StackPart part, boolean ready, String address) {
        boolean alive = part.isAlive();
        long kib = part.residentKib();
        totalKib += kib;
        out.printf("%-17s %-8s %-10s %8.0f MiB  %s%n", part.name(), alive ? "running" : "stopped",
                alive ? (ready ? "ready" : "not ready") : "", kib / 1024.0, alive ? address : "");
        allUp &= alive && ready;
    }
}
