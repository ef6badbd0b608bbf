package dev.likeness.cli.bench;

import dev.likeness.cli.DemoBackendClient;
import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.LocalStack;
import dev.likeness.launcher.PrometheusText;
import dev.likeness.launcher.StackPart;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.v1.Operation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * {@code ./likeness bench}: one JVM drives many concurrent protocol sessions, with real
 * encryption and real tokens from the demo backend, against the running local stack; step by step
 * through a sweep of session counts. Per step it prints and records what the clients saw (rates,
 * round trips, errors) and what the services did (frames dropped, CPU per answered frame), and
 * compares the pipeline's throughput with the raw engine's in the same run. It is longer than a
 * class here should be because the warm-up, the steps and the virtual users share one load loop and
 * its settings; what it reads and computes lives beside it ({@link StepResult}, {@link Knee},
 * {@link StackCounters}, {@link RawBaseline}, {@link BenchReport}).
 */
public final class Bench {

    /**
     * What each session does: authenticate, enroll a new user, stream frames for the whole step,
     * or (mixed, the soak's load) enroll a new user and then authenticate that user, in turn.
     */
    public enum Kind { AUTH, ENROLL, STREAM, MIXED }

    public record Settings(List<Integer> sessionCounts, int fps, Duration duration, Path images, Kind kind, Duration warmUp) {
    }

    /** A session that has not decided by then is reported as NO_OUTCOME (auth and enroll). */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A streaming user does not start a session with less time than this left in the step: it could
     * not get through Start and Ready, and would be counted as a session the gateway never answered.
     */
    static final Duration SHORTEST_STREAM_SESSION = Duration.ofSeconds(2);
    /**
     * The warm-up ends once the JIT compiler threads of the stack and the bench use at most this share
     * of all their CPU over a window. On a fresh stack under load that share falls from about a third
     * to a little above this within two minutes, then slowly (docs/running-locally.md); lower would
     * rarely end within the default limit.
     */
    static final double SETTLED_COMPILER_SHARE = 0.15;
    static final Duration WARM_UP_WINDOW = Duration.ofSeconds(10);
    /** The warm-up's load, or the sweep's largest step when smaller: enough to bring every hot path to the compilers soon. */
    static final int WARM_UP_SESSIONS = 8;
    /** Between steps, so one step's queues do not spill into the next. */
    static final Duration SETTLE = Duration.ofSeconds(3);

    private final LocalStack stack;
    private final DemoBackendClient backend;
    private final PrintStream out;

    public Bench(LocalStack stack, DemoBackendClient backend, PrintStream out) {
        this.stack = stack;
        this.backend = backend;
        this.out = out;
    }

    public int run(Settings settings) throws Exception {
        if (stack.liveness() == SessionLiveness.Policy.CHALLENGE) {
            // Its sessions loop recorded images, which cannot follow a challenge: every one would end at its time limit.
            out.println("bench: the stack's liveness policy is challenge, and the bench's sessions loop recorded images, which "
                    + "cannot follow one; start the stack with `./likeness up --liveness off` (or passive) to benchmark");
            return 2;
        }
        DemoBackendClient.SessionConfig config = backend.config();
        List<byte[]> frames = FrameSource.images(settings.images()).frames();
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        out.printf("bench %s: %s sessions of %s at %d camera frames/s, %d s a step, %d image(s) from %s, liveness %s%n", runId,
                settings.sessionCounts(), settings.kind().name().toLowerCase(Locale.ROOT), settings.fps(),
                settings.duration().toSeconds(), frames.size(), settings.images(), stack.liveness().wireName());

        PrivateKey imageKey = RunningStacksImageKey.read(stack.customer().imagePrivateKey(), config.imageKey(), stack.home());
        out.print("raw baseline, the whole engine in this process, one thread a core (every frame: decrypt, decode, quality filters; "
                + "an accepted one also: decrypt, decode, align, descriptor) ... ");
        RawBaseline.Result raw = RawBaseline.measure(frames, config.imageKey(), imageKey, Duration.ofSeconds(10));
        double rawFps = raw.framesPerSecond();
        out.printf(Locale.ROOT, "%.1f frames/s on %d cores, %.0f%% accepted%n", rawFps, Runtime.getRuntime().availableProcessors(),
                100 * raw.acceptedShare());

        String enrolled = "bench-" + runId;
        if (settings.kind() != Kind.ENROLL && settings.kind() != Kind.MIXED) {
            enrollVirtualUsers(config, settings, frames, enrolled);
        }

        WarmUp warmUp = settings.warmUp().isZero() ? WarmUp.NONE : warmUp(config, settings, frames, enrolled, runId);

        out.printf("%n%8s %9s %8s %10s %8s %8s %8s %8s %9s %7s  %s%n", "sessions", "offered/s", "sent/s", "answered/s",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "answered", "decided", "errors; dropped");
        List<StepResult> steps = new ArrayList<>();
        for (int sessions : settings.sessionCounts()) {
            // Named by its place in the sweep, not its session count: a sweep may repeat a count, and
            // enroll and mixed steps would then enroll the users of an earlier step again.
            StepResult step = step(config, settings, sessions, frames, enrolled, runId + "-" + (steps.size() + 1));
            steps.add(step);
            out.printf(Locale.ROOT, "%8d %9.1f %8.1f %10.1f %8.0f %8.0f %8.0f %8.0f %8.1f%% %7d  %s; %s%n", step.sessions(),
                    step.offeredFps(), step.sentFps(), step.answeredFps(), step.roundTripPercentile(50), step.roundTripPercentile(95),
                    step.roundTripPercentile(99), step.roundTripMax(), 100 * step.answeredFraction(), step.sessionsDecided(),
                    step.errors().isEmpty() ? "none" : step.errors(), step.dropped().isEmpty() ? "none" : step.dropped());
            if (!step.droppedUnread().isEmpty()) {
                out.printf(Locale.ROOT,
                        "%8s dropped frames leave out %s: /q/metrics did not answer (within %d s, without an error) before or after the "
                        + "step%n",
                        "", String.join(", ", step.droppedUnread()), PrometheusText.DEADLINE.toSeconds());
            }
            out.printf(Locale.ROOT, "%8s CPU ms per answered frame (of which JIT compiling): %s%n", "", cpuLine(step));
            out.printf(Locale.ROOT, "%8s decisions: %.2f/s; %.2f s of server CPU per decision (the load generator apart)%n", "",
                    step.decisionsPerSecond(), step.serverCpuSecondsPerDecision());
            out.printf(Locale.ROOT, "%8s plumbing share (CPU outside decrypt, decode and models): quality-service %.0f%%, auth-service "
                    + "%.0f%%; all server processes %.0f%%%n", "", 100 * step.plumbingShare("quality-service"),
                    100 * step.plumbingShare("auth-service"), 100 * step.serverPlumbingShare());
            int cores = Runtime.getRuntime().availableProcessors();
            out.printf(Locale.ROOT,
                    "%8s cores busy: %.2f of %d; %.1f ms of CPU per answered frame in all, so %d cores answer at most %.1f frames/s%n",
                    "", step.coresBusy(), cores, step.cpuMillisPerAnsweredFrame(), cores, step.cpuBoundFps(cores));
            Thread.sleep(SETTLE.toMillis());
        }

        double pipelineFps = steps.stream().mapToDouble(StepResult::answeredFps).max().orElse(0);
        OptionalInt knee = Knee.of(steps);
        out.printf(Locale.ROOT, "%npipeline throughput / raw throughput: %.1f / %.1f frames/s = %.2f%n", pipelineFps, rawFps,
                pipelineFps / rawFps);
        out.printf("knee (largest session count with p99 <= %.0f ms and >= %.0f%% of sent frames answered): %s%n",
                Knee.P99_LIMIT_MS, 100 * Knee.MIN_ANSWERED, knee.isPresent() ? knee.getAsInt() + " sessions" : "none of the steps");
        Path folder = stack.home().resolve("bench").resolve(runId);
        new BenchReport(settings, rawFps, warmUp, steps, knee).write(folder);
        out.printf("report: %s (report.html, report.csv, report.json)%n", folder);
        return 0;
    }

    /**
     * Load the stack, unrecorded, window after window until its JIT compilers settle or
     * {@link Settings#warmUp} is spent. A stack started minutes ago spends a third of its CPU
     * compiling and answers half the frames it will once warm (see the README); a sweep measured then
     * would blame the pipeline for a start-up cost that a running deployment pays once per process.
     */
    private WarmUp warmUp(DemoBackendClient.SessionConfig config, Settings settings, List<byte[]> frames, String enrolled, String runId)
            throws Exception {
        int sessions = Math.min(WARM_UP_SESSIONS, settings.sessionCounts().stream().mapToInt(Integer::intValue).max().orElse(1));
        out.printf(Locale.ROOT, "warm-up, not recorded: %d sessions until the JIT compilers use at most %.0f%% of the CPU over %d s "
                        + "(at most %d s); their share:", sessions, 100 * SETTLED_COMPILER_SHARE, WARM_UP_WINDOW.toSeconds(),
                settings.warmUp().toSeconds());
        out.flush();
        long started = System.nanoTime();
        long deadline = started + settings.warmUp().toNanos();
        boolean settled = false;
        List<Double> shares = new ArrayList<>();
        for (int window = 1; !settled && System.nanoTime() < deadline; window++) {
            Duration length = Duration.ofNanos(Math.min(WARM_UP_WINDOW.toNanos(), Math.max(deadline - System.nanoTime(),
                    Duration.ofSeconds(1).toNanos())));
            StepResult load = step(config, new Settings(List.of(sessions), settings.fps(), length, settings.images(), settings.kind(),
                    Duration.ZERO),
                    sessions, frames, enrolled, runId + "-warm-up-" + window);
            settled = settled(load);
            shares.add(load.compilerShare());
            out.printf(Locale.ROOT, " %.0f%%", 100 * load.compilerShare());
            out.flush();
        }
        WarmUp warmUp = new WarmUp((System.nanoTime() - started) / 1e9, shares, settled);
        out.printf(Locale.ROOT, "%n%s after %.0f s%n",
                settled ? "settled" : "still compiling (the first steps carry its cost: the JIT in brackets)",
                warmUp.seconds());
        Thread.sleep(SETTLE.toMillis());
        return warmUp;
    }

    /** What the warm-up did: how long it loaded the stack, the compilers' share of CPU in each window, whether it settled. */
    record WarmUp(double seconds, List<Double> compilerShares, boolean settled) {

        static final WarmUp NONE = new WarmUp(0, List.of(), false);

        WarmUp {
            compilerShares = List.copyOf(compilerShares);
        }
    }

    /**
     * Whether a warm-up window shows a stack past its compilers' burst: their share of all CPU at most
     * {@link #SETTLED_COMPILER_SHARE}. Never zero (a JVM recompiles now and then for as long as it
     * runs), and a window that measured no CPU proves nothing.
     */
    static boolean settled(StepResult window) {
        return window.compilerShare() <= SETTLED_COMPILER_SHARE;
    }

    private static String cpuLine(StepResult step) {
        StringBuilder line = new StringBuilder();
        step.cpuSeconds().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(part -> {
            double compiling = step.compilerCpuMillisPerAnsweredFrame(part.getKey());
            line.append(String.format(Locale.ROOT, "%s %.1f", part.getKey(), step.cpuMillisPerAnsweredFrame(part.getKey())));
            line.append(compiling >= 0.05 ? String.format(Locale.ROOT, " (JIT %.1f), ", compiling) : ", ");
        });
        return line.length() == 0 ? "-" : line.substring(0, line.length() - 2);
    }

    /**
     * Enrolls a user for each virtual user that authenticates, {@code enrolled-<i>}: a user of its
     * own each, as a deployment's load is, since one user's sessions at once meet the lockout,
     * which counts an authentication from its beginning.
     */
    private void enrollVirtualUsers(DemoBackendClient.SessionConfig config, Settings settings, List<byte[]> frames, String enrolled)
            throws Exception {
        int users = Math.max(WARM_UP_SESSIONS, settings.sessionCounts().stream().mapToInt(Integer::intValue).max().orElse(1));
        out.printf("enrolling %d users, one for each virtual user ... ", users);
        out.flush();
        ExecutorService enrolling = Executors.newFixedThreadPool(Math.min(users, WARM_UP_SESSIONS));
        try {
            List<Future<SessionReport>> enrollments = new ArrayList<>();
            for (int user = 0; user < users; user++) {
                String username = enrolled + "-" + user;
                enrollments.add(enrolling.submit(() -> session(config, Operation.ENROLL, username, FrameSource.of(frames), settings.fps(),
                        SESSION_TIMEOUT)));
            }
            for (Future<SessionReport> enrollment : enrollments) {
                SessionReport report = enrollment.get();
                if (!report.finished() && settings.kind() == Kind.AUTH) {
                    throw new IllegalStateException("could not enroll a bench user from " + settings.images() + " ("
                            + report.error().map(Enum::name).orElse("no outcome") + "); auth needs images that pass the quality filters");
                }
            }
        } finally {
            enrolling.shutdownNow();
        }
        out.println("done");
    }

    /** One step: {@code sessions} virtual users, each running sessions back to back until the step's time is up. */
    private StepResult step(DemoBackendClient.SessionConfig config, Settings settings, int sessions, List<byte[]> frames,
                            String enrolled, String stepId) throws Exception {
        List<StackPart> parts = stack.observation().alivePartsWithCaller(StepResult.LOAD_GENERATOR);
        StackCounters before = StackCounters.read(parts);
        ExecutorService users = Executors.newFixedThreadPool(sessions);
        long started = System.nanoTime();
        long deadline = started + settings.duration().toNanos();
        List<Future<List<Outcome>>> running = new ArrayList<>();
        for (int user = 0; user < sessions; user++) {
            int id = user;
            running.add(users.submit(() -> virtualUser(config, settings, frames, deadline,
                    k -> switch (settings.kind()) {
                        case ENROLL -> "bench-" + stepId + "-" + id + "-" + k;
                        // Mixed: session k enrolls a new user when k is even, and k + 1 authenticates that user.
                        case MIXED -> "bench-" + stepId + "-" + id + "-" + (k - k % 2);
                        default -> enrolled + "-" + id;
                    })));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<List<Outcome>> user : running) {
            outcomes.addAll(user.get());
        }
        users.shutdown();
        double wall = (System.nanoTime() - started) / 1e9;
        StackCounters after = StackCounters.read(parts);

        long cameraFrames = 0, sent = 0, lost = 0;
        int decided = 0;
        List<Double> roundTrips = new ArrayList<>();
        Map<String, Integer> errors = new HashMap<>();
        for (Outcome outcome : outcomes) {
            if (outcome.clientError() != null) {
                errors.merge(outcome.clientError(), 1, Integer::sum);
                continue;
            }
            SessionReport report = outcome.report();
            cameraFrames += report.cameraFrames();
            sent += report.framesSent();
            lost += report.framesTimedOut();
            report.answered().forEach(frame -> roundTrips.add(frame.roundTripMillis()));
            if (report.finished()) {
                decided++;
            } else if (report.error().isPresent()) {
                errors.merge(report.error().get().name(), 1, Integer::sum);
            } else if (report.framesSent() == 0) {
                errors.merge("NO_READY", 1, Integer::sum); // the gateway never answered Start
            } else if (settings.kind() != Kind.STREAM) {
                errors.merge("NO_OUTCOME", 1, Integer::sum);
                out.println("  " + undecided(report));
            }
        }
        DropCounts.InStep droppedInStep = after.droppedSince(before);
        return new StepResult(sessions, wall, cameraFrames, sent, lost, roundTrips.stream().mapToDouble(Double::doubleValue).toArray(),
                decided, errors, droppedInStep.dropped(), droppedInStep.unread(), after.cpuSince(before), after.compilerCpuSince(before),
                after.engineCpuSince(before));
    }

    /**
     * Where a session that never decided stopped, for whoever chases it: frames not answered point at
     * quality-service, accepted frames without progress at auth-relay or auth-service.
     */
    static String undecided(SessionReport report) {
        long accepted = report.answered().stream().filter(SessionReport.FrameTiming::accepted).count();
        String progress = report.progress().stream().reduce((earlier, later) -> later)
                .map(last -> last.getFramesUsed() + " of " + last.getFramesNeeded() + " frames used").orElse("none");
        return String.format(Locale.ROOT, "no outcome after %.1f s: %d frames sent, %d answered (%d accepted, %d timed out), progress: %s",
                (report.endedNanos() - report.startedNanos()) / 1e9, report.framesSent(), report.answered().size(), accepted,
                report.framesTimedOut(), progress);
    }

    /** One session's report, or the client-side failure that kept it from running. */
    private record Outcome(SessionReport report, String clientError) {
    }

    private List<Outcome> virtualUser(DemoBackendClient.SessionConfig config, Settings settings, List<byte[]> frames, long deadline,
                                      LongFunction<String> username) {
        List<Outcome> outcomes = new ArrayList<>();
        FrameSource source = FrameSource.of(frames);
        for (long k = 0; System.nanoTime() < deadline; k++) {
            Operation operation = settings.kind() == Kind.ENROLL || (settings.kind() == Kind.MIXED && k % 2 == 0)
                    ? Operation.ENROLL : Operation.AUTH;
            long left = deadline - System.nanoTime();
            if (settings.kind() == Kind.STREAM && left < SHORTEST_STREAM_SESSION.toNanos()) {
                break; // its previous session decided early (frames the filters accept); the step is nearly over
            }
            Duration timeout = settings.kind() == Kind.STREAM ? Duration.ofNanos(left) : SESSION_TIMEOUT;
            try {
                outcomes.add(new Outcome(session(config, operation, username.apply(k), source, settings.fps(), timeout), null));
            } catch (Exception e) {
                outcomes.add(new Outcome(null, "CLIENT_" + e.getClass().getSimpleName()));
            }
        }
        return outcomes;
    }

    private SessionReport session(DemoBackendClient.SessionConfig config, Operation operation, String username, FrameSource frames,
                                  int fps, Duration timeout) throws Exception {
        SessionClient client = new SessionClient(config.gateway(), fps, timeout);
        return client.run(backend.request(config, username, operation, "bench"), frames, frame -> {
        });
    }
}
