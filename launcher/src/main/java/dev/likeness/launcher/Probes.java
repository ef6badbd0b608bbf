package dev.likeness.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/** How the launcher tells whether a part is up: a listening port (a ready health check is {@link StackHttp}'s); and waiting for one. */
public final class Probes {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private Probes() {
    }

    interface Check {
        boolean passes() throws Exception;
    }

    /** Waits until {@code check} passes; fails at once if the process died, or after the timeout. */
    static void waitUntil(Check check, String name, ManagedProcess process) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + process.logFile());
            }
            if (check.passes()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + process.logFile());
    }

    /** Something listens on this loopback port. */
    public static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The java of the running JVM, for the processes the launcher starts. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
