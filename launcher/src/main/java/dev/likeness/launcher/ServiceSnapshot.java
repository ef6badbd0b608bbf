package dev.likeness.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service process at one moment, for before-and-after comparisons of a fuzz or soak run:
 * its resident memory, its live heap (what a full collection leaves, read with the JDK's jcmd:
 * the figure a leak grows, where resident memory mostly shows how far the heap has expanded),
 * and how long its log is, so what it logged since can be read.
 */
public record ServiceSnapshot(String name, long residentKib, long liveHeapKib, long logBytes, Path log) {

    private static final Pattern GENERATION_USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

    static ServiceSnapshot take(String name, ManagedProcess process) throws IOException, InterruptedException {
        long pid = process.handle().orElseThrow(() -> new IllegalStateException(name + " does not run")).pid();
        jcmd(pid, "GC.run");
        long live = 0;
        Matcher used = GENERATION_USED.matcher(jcmd(pid, "GC.heap_info"));
        while (used.find()) {
            live += Long.parseLong(used.group(1));
        }
        Path log = process.logFile();
        return new ServiceSnapshot(name, process.residentKib(), live, Files.exists(log) ? Files.size(log) : 0, log);
    }

    /** How much the live heap grew from {@code before}, as a fraction of it. */
    public double liveHeapGrowth(ServiceSnapshot before) {
        return (double) (liveHeapKib - before.liveHeapKib) / before.liveHeapKib;
    }

    /**
     * What the process logged since {@code before} that no handled bad input should cause: an
     * ERROR line, or an exception's stack trace. A bad frame is a WARN or INFO line with its code.
     */
    public List<String> problemsLoggedSince(ServiceSnapshot before) throws IOException {
        List<String> problems = new ArrayList<>();
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.min(before.logBytes, file.length());
            byte[] appended = new byte[(int) Math.min(file.length() - from, 64L * 1024 * 1024)];
            file.seek(from);
            file.readFully(appended);
            for (String line : new String(appended, StandardCharsets.UTF_8).split("\n")) {
                if (line.contains(" ERROR ") || line.startsWith("\tat ") || line.startsWith("Caused by: ")) {
                    problems.add(name + ": " + line);
                }
            }
        }
        return problems;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }
}
