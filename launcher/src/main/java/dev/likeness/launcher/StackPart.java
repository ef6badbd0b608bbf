package dev.likeness.launcher;

import java.util.OptionalInt;

/**
 * One running process of the local stack as a benchmark or a status line sees it: its name (the
 * service's module, {@code quality-service-2} for a further quality worker, {@code kafka},
 * {@code postgres}), its HTTP port when it serves metrics, and what it costs the machine.
 */
public final class StackPart {

    private final String name;
    private final OptionalInt httpPort;
    private final ManagedProcess process;

    StackPart(String name, OptionalInt httpPort, ManagedProcess process) {
        this.name = name;
        this.httpPort = httpPort;
        this.process = process;
    }

    /**
     * The JVM calling this, e.g. a load generator that shares the machine with the stack and wants
     * its own cost beside the services'.
     */
    public static StackPart thisProcess(String name) {
        return new StackPart(name, OptionalInt.empty(), ManagedProcess.thisProcess(name));
    }

    public String name() {
        return name;
    }

    /** Where its /q/metrics and health are; empty for the broker and the database. */
    public OptionalInt httpPort() {
        return httpPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** CPU seconds (user + system) used so far by the process and its children. */
    public double cpuSeconds() {
        return process.cpuSeconds();
    }

    /** The part of {@link #cpuSeconds()} its JIT compiler threads used (0 for a process that is not a JVM). */
    public double compilerCpuSeconds() {
        return process.compilerCpuSeconds();
    }

    public long residentKib() {
        return process.residentKib();
    }
}
