package dev.likeness.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process of the local stack that outlives the command that started it: detached into its own
 * session, its output in a log file, its pid in a file so a later `down` or `status` finds it.
 */
final class ManagedProcess {

    /** Where utime (field 14; stime follows) and cutime (field 16; cstime follows) sit in {@link #fieldsAfterName}. */
    private static final int UTIME = 11, CUTIME = 13;
    /** USER_HZ: 100 on every Linux architecture the JDK runs on (sysconf(_SC_CLK_TCK)). */
    private static final double CLOCK_TICKS_PER_SECOND = 100;
    private final String name;
    private final Path pidFile;
    private final Path logFile;
    private final boolean ownsPidFile;
    // This JVM, when it is the process (the load generator measuring itself): no pid file to read.
    private final boolean isThisProcess;

    ManagedProcess(String name, Path runDirectory, Path logDirectory) {
        this(name, runDirectory.resolve(name + ".pid"), logDirectory.resolve(name + ".log"), true, false);
    }

    private ManagedProcess(String name, Path pidFile, Path logFile, boolean ownsPidFile, boolean isThisProcess) {
        this.name = name;
        this.pidFile = pidFile;
        this.logFile = logFile;
        this.ownsPidFile = ownsPidFile;
        this.isThisProcess = isThisProcess;
    }

    /** This JVM, measured like the stack's processes (CPU, compiler CPU, memory); never started or stopped. */
    static ManagedProcess thisProcess(String name) {
        return new ManagedProcess(name, null, null, false, true);
    }

    /**
     * A process another part started and that detached from it, known by the pid in the first line
     * of a file it writes itself (PostgreSQL's postmaster.pid): watched and stopped, never started.
     */
    static ManagedProcess detached(String name, Path pidFile, Path logFile) {
        return new ManagedProcess(name, pidFile, logFile, false, false);
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    void start(List<String> command, Path workingDirectory) throws IOException {
        Files.createDirectories(pidFile.getParent());
        Files.createDirectories(logFile.getParent());
        List<String> detached = new ArrayList<>();
        // setsid: the process leaves the terminal's session, so Ctrl-C on a later command does not reach it.
        if (new File("/usr/bin/setsid").canExecute()) {
            detached.add("/usr/bin/setsid");
        }
        detached.addAll(command);
        Process process = new ProcessBuilder(detached)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Files.writeString(pidFile, Long.toString(process.pid()));
    }

    Optional<ProcessHandle> handle() {
        if (isThisProcess) {
            return Optional.of(ProcessHandle.current());
        }
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return ProcessHandle.of(Long.parseLong(firstLine)).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean isAlive() {
        return handle().isPresent();
    }

    /**
     * Resident memory of the process and its children (e.g. the embedded PostgreSQL), in KiB; this JVM's alone for {@link
     * #thisProcess}.
     */
    long residentKib() {
        return handle().map(h -> {
            long total = rss(h.pid());
            for (ProcessHandle child : children(h)) {
                total += rss(child.pid());
            }
            return total;
        }).orElse(0L);
    }

    /**
     * The processes whose cost counts as this one's: its descendants (the embedded PostgreSQL's
     * workers), but none for this JVM, which in a test started the whole stack, each part measured
     * on its own.
     */
    private List<ProcessHandle> children(ProcessHandle process) {
        return isThisProcess ? List.of() : process.descendants().toList();
    }

    /** SIGKILL, nothing else: what a crash looks like to the rest of the stack. Its children are left as a crash leaves them. */
    void kill() throws IOException {
        Optional<ProcessHandle> handle = handle();
        if (handle.isPresent()) {
            handle.get().destroyForcibly();
            try {
                handle.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException(name + " did not die of SIGKILL within 10 s", e);
            }
        }
        if (ownsPidFile) {
            Files.deleteIfExists(pidFile);
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; children too, so nothing is left behind. */
    void stop(Duration grace) throws IOException {
        Optional<ProcessHandle> handle = handle();
        if (handle.isPresent()) {
            List<ProcessHandle> descendants = handle.get().descendants().toList();
            handle.get().destroy();
            try {
                handle.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception timedOut) {
                handle.get().destroyForcibly();
            }
            for (ProcessHandle child : descendants) {
                if (child.isAlive()) {
                    child.destroy();
                    try {
                        child.onExit().get(5, TimeUnit.SECONDS);
                    } catch (Exception timedOut) {
                        child.destroyForcibly();
                    }
                }
            }
        }
        if (ownsPidFile) {
            Files.deleteIfExists(pidFile);
        }
    }

    /**
     * CPU time (user + system, seconds) the process and its live descendants have used, plus what
     * its exited children used (cutime, cstime), from /proc/PID/stat; 0 when it does not run. For
     * {@link #thisProcess}, this JVM's own time alone.
     */
    double cpuSeconds() {
        return handle().map(h -> {
            double ticks = cpuTicks(h.pid(), !isThisProcess);
            for (ProcessHandle child : children(h)) {
                ticks += cpuTicks(child.pid(), false);
            }
            return ticks / CLOCK_TICKS_PER_SECOND;
        }).orElse(0.0);
    }

    /**
     * CPU time (seconds) the JVM's JIT compiler threads have used, from /proc/PID/task/TID/stat:
     * the part of {@link #cpuSeconds()} a young JVM spends compiling rather than serving. Counts the
     * threads alive now; HotSpot keeps the first compiler thread of each tier for the JVM's life,
     * and with two compiler threads (the count on a 2-core machine) there are no others. 0 when it
     * does not run or is not a JVM.
     */
    double compilerCpuSeconds() {
        return handle().map(h -> {
            double ticks = 0;
            try (var threads = Files.list(Path.of("/proc", Long.toString(h.pid()), "task"))) {
                for (Path thread : threads.toList()) {
                    try {
                        String stat = Files.readString(thread.resolve("stat"));
                        if (isCompilerThread(stat)) {
                            ticks += ownTicks(stat);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException | RuntimeException gone) {
                return 0.0;
            }
            return ticks / CLOCK_TICKS_PER_SECOND;
        }).orElse(0.0);
    }

    /** A HotSpot JIT compiler thread ("C1 CompilerThread0", "C2 CompilerThread0", cut to 15 characters in stat). */
    static boolean isCompilerThread(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return name.matches("C[12] CompilerThre.*");
    }

    /** utime + stime of one /proc stat line, in clock ticks. */
    static long ownTicks(String stat) {
        String[] fields = fieldsAfterName(stat);
        return Long.parseLong(fields[UTIME]) + Long.parseLong(fields[UTIME + 1]);
    }

    /**
     * The fields of a /proc stat line after the command name (field 2), which may hold spaces and
     * parentheses; the rest are plain. The first is field 3 (state).
     */
    private static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    private static double cpuTicks(long pid, boolean withExitedChildren) {
        try {
            String[] fields = fieldsAfterName(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            double ticks = Long.parseLong(fields[UTIME]) + Long.parseLong(fields[UTIME + 1]);
            if (withExitedChildren) {
                ticks += Long.parseLong(fields[CUTIME]) + Long.parseLong(fields[CUTIME + 1]);
            }
            return ticks;
        } catch (IOException | RuntimeException gone) {
            return 0; // the process ended meanwhile
        }
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended meanwhile
        }
        return 0;
    }
}
