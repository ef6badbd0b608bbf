package dev.likeness.launcher;

import java.io.PrintStream;

/** `./likeness status`: one line a part (running, ready, resident memory, address), then the total. */
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
    boolean print(StackPorts ports) {
        line(KafkaBroker.NAME, stack.process(KafkaBroker.NAME), Probes.inUse(ports.kafka()), "localhost:" + ports.kafka());
        for (StackService service : StackService.values()) {
            int port = service.httpPort(ports);
            line(service.module(), stack.process(service.module()), Probes.ready(port), "http://localhost:" + port);
        }
        ManagedProcess postgres = stack.postgres();
        if (postgres.isAlive()) {
            line(LocalStack.POSTGRES, postgres, true, "embedded, started by auth-service");
        }
        out.printf("%-16s %-8s %-10s %8.0f MiB%n", "total", "", "", totalKib / 1024.0);
        return allUp;
    }

    private void line(String name, ManagedProcess process, boolean ready, String address) {
        boolean alive = process.isAlive();
        long kib = process.residentKib();
        totalKib += kib;
        out.printf("%-16s %-8s %-10s %8.0f MiB  %s%n", name, alive ? "running" : "stopped",
                alive ? (ready ? "ready" : "not ready") : "", kib / 1024.0, alive ? address : "");
        allUp &= alive && ready;
    }
}
