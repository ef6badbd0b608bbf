package dev.likeness.cli.fuzz;

import dev.likeness.client.SessionReport;
import dev.likeness.launcher.LocalStack;
import dev.likeness.launcher.ServiceSnapshot;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A fuzz run against the local stack with the checks around it: every service process is
 * snapshotted (live heap after a full GC, resident memory, log length) after a real session has
 * warmed it, the fuzzer runs, a real session must be served, and once the state the services keep
 * for a while after a session ends has expired ({@link #SETTLE}), the snapshot is taken again.
 * The run passes when no case broke the protocol, no service logged an error or a stack trace,
 * no service's live heap grew past {@link #MAX_HEAP_GROWTH} (or 4 MiB), and the real session
 * finished. A warm-up round of a fifth of the messages (another seed) comes before the first
 * snapshot, so the JIT and the heap have met the error paths already.
 */
public final class FuzzRun {

    /**
     * How much a service's memory may grow over a run: its live heap after a full GC, the figure
     * a leak grows. 10 %, or 4 MiB on these small heaps (10-20 MiB), where state kept by design for
     * a while after each session (auth-relay remembers decided sessions for 10 minutes, to drop
     * their late frames) moves the figure by 1-3 MiB either way from run to run. Resident memory is
     * printed, not judged: a JVM's grows as its heap expands toward -Xmx and its JIT compiles the
     * error paths the run exercised, even while its live heap shrinks (docs/resilience.md).
     */
    public static final double MAX_HEAP_GROWTH = 0.10;
    /**
     * How long per-session state may outlive its session by design, so the heaps are compared
     * once it has gone: auth-relay keeps a session's stream to auth-service (and auth-service its
     * attempt) until 90 s without frames when the session ended elsewhere (the gateway or
     * quality-service refused it), swept every 5 s.
     */
    public static final Duration SETTLE = Duration.ofSeconds(100);
    static final long HEAP_GROWTH_SLACK_KIB = 4 * 1024;

    /** What a run found; {@link #failures()} is empty when it passed. */
    public record Verdict(ProtocolFuzzer.Report report, List<ServiceSnapshot> before, List<ServiceSnapshot> after,
                          List<String> problemsLogged, SessionReport nextSession) {

        public List<String> failures() {
            List<String> failures = new ArrayList<>();
            report.findings().forEach(finding -> failures.add("case " + finding.caseIndex() + " (" + finding.kind() + ": "
                    + finding.mutations() + "): " + finding.what()));
            failures.addAll(problemsLogged);
            for (int i = 0; i < before.size(); i++) {
                ServiceSnapshot then = before.get(i);
                ServiceSnapshot now = after.get(i);
                if (now.liveHeapKib() - then.liveHeapKib() > HEAP_GROWTH_SLACK_KIB && now.liveHeapGrowth(then) > MAX_HEAP_GROWTH) {
                    failures.add(String.format("%s: live heap grew %.1f %% (%d -> %d KiB)", now.name(), 100 * now.liveHeapGrowth(then),
                            then.liveHeapKib(), now.liveHeapKib()));
                }
            }
            if (!nextSession.finished()) {
                failures.add("the real session after the run was not served: " + nextSession);
            }
            return failures;
        }
    }

    private FuzzRun() {
    }

    /**
     * {@code realSession} runs one real session (it warms the services before, and must be served
     * after); the services are snapshotted again {@code settle} after it.
     */
    public static Verdict run(LocalStack stack, ProtocolFuzzer fuzzer, int messages, Callable<SessionReport> realSession,
                              Duration settle, PrintStream out) throws Exception {
        SessionReport warmUp = realSession.call();
        if (!warmUp.finished()) {
            throw new IllegalStateException("the stack does not serve a real session before the run: " + warmUp);
        }
        ProtocolFuzzer.Report warmUpRound = fuzzer.withSeed(fuzzer.seed() + 1).run(messages / 5);
        out.printf("warm-up round: %d messages (seed %d), %d finding(s)%n", warmUpRound.messages(), warmUpRound.seed(),
                warmUpRound.findings().size());
        List<ServiceSnapshot> before = stack.snapshot();
        ProtocolFuzzer.Report report = fuzzer.run(messages);
        SessionReport next = realSession.call();
        out.printf("sent %d messages; waiting %d s for per-session state to expire before measuring the heaps again%n",
                report.messages(), settle.toSeconds());
        Thread.sleep(settle.toMillis());
        List<ServiceSnapshot> after = stack.snapshot();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            problems.addAll(after.get(i).problemsLoggedSince(before.get(i)));
        }
        return new Verdict(report, before, after, problems, next);
    }

    public static void print(Verdict verdict, PrintStream out) {
        ProtocolFuzzer.Report report = verdict.report();
        out.printf("fuzz: %d messages in %d connections, seed %d, %.1f s%n", report.messages(), report.cases(), report.seed(),
                report.elapsed().toMillis() / 1000.0);
        out.println("how each connection ended:");
        report.outcomes().forEach((outcome, count) -> out.printf("  %-36s %6d%n", outcome, count));
        out.println("mutations sent:");
        report.mutations().forEach((mutation, count) -> out.printf("  %-36s %6d%n", mutation, count));
        out.println("services (live heap after a full GC; resident memory):");
        for (int i = 0; i < verdict.before().size(); i++) {
            ServiceSnapshot then = verdict.before().get(i);
            ServiceSnapshot now = verdict.after().get(i);
            out.printf("  %-18s heap %6d -> %6d KiB (%+5.1f %%)   resident %4d -> %4d MiB (%+5.1f %%)%n", now.name(), then.liveHeapKib(),
                    now.liveHeapKib(), 100 * now.liveHeapGrowth(then), then.residentKib() / 1024, now.residentKib() / 1024,
                    100.0 * (now.residentKib() - then.residentKib()) / then.residentKib());
        }
        out.println("a real session after the run: " + (verdict.nextSession().finished() ? "finished" : verdict.nextSession()));
        List<String> failures = verdict.failures();
        if (failures.isEmpty()) {
            out.println("found nothing: every connection ended with a code or a normal close, no service logged an error");
        } else {
            out.printf("found %d problem(s):%n", failures.size());
            failures.stream().limit(30).forEach(failure -> out.println("  " + failure));
        }
    }
}
