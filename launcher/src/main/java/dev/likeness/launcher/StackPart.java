package dev.likeness.launcher;

import java.net.URI;
import java.util.Optional;

/**
 * One running process of the local stack as a benchmark or a status line sees it: its name (the
 * service's module, {@code quality-service-2} for a further quality worker, {@code kafka},
 * {@code postgres}), where it serves health and metrics if it does, and what it costs the machine.
 */
public final class StackPart {

    private final String name;
    private final Optional<Endpoint> endpoint;
    private final ManagedProcess process;

    /** Where a service process serves health and metrics, and the client that reaches it. */
    record Endpoint(URI baseUrl, StackHttp http) {
    }

    StackPart(String name, Optional<Endpoint> endpoint, ManagedProcess process) {
        this.name = name;
        this.endpoint = endpoint;
        this.process = process;
    }

    /**
     * The JVM calling this, e.g. a load generator that shares the machine with the stack and wants
     * its own cost beside the services'.
     */
    public static StackPart thisProcess(String name) {
        return new StackPart(name, Optional.empty(), ManagedProcess.thisProcess(name));
    }

    public String name() {
        return name;
    }

    /** Where its /q/metrics and health are (https for auth-service and jwt-verifier); empty for the broker and the database. */
    public Optional<URI> baseUrl() {
        return endpoint.map(Endpoint::baseUrl);
    }

    /** Its health check answers ready; false for a part without one. */
    public boolean ready() {
        return endpoint.map(at -> at.http().ready(at.baseUrl())).orElse(false);
    }

    /**
     * Its /q/metrics page (see {@link StackHttp#metrics}); none when it does not answer in full or
     * has no metrics endpoint at all (the broker, the database).
     */
    public Optional<String> metrics() {
        return endpoint.flatMap(at -> at.http().metrics(at.baseUrl()));
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
