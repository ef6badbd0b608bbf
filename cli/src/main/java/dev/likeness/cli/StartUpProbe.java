package dev.likeness.cli;

import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.LocalStack;
import dev.likeness.launcher.PrometheusText;
import dev.likeness.launcher.StackHttp;
import dev.likeness.launcher.StackPart;
import dev.likeness.launcher.StackService;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.subjects.FollowingChallenge;
import dev.likeness.subjects.PoseFrames;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;

/**
 * What `./likeness up` does once every process is ready: sessions through the whole pipeline to
 * warm it (the services warm their own hot path at start-up, but the first frames through a fresh
 * broker and fresh consumers wait for their first fetches), then measured sessions: the first a
 * user would get and the next three. All are the stack's own probe user on the bundled portrait; it is
 * enrolled once and kept (the local stack only), so a probe never leaves anything new.
 *
 * <p>A session's frames reach only the consumer owning its partition (the session id picks it), and
 * a quality worker runs one consumer per core, so one warm-up session leaves the other consumers
 * cold, and the first user whose session lands on one of them pays for its first fetch. Warm-up
 * sessions go on until every consumer of every worker has fetched frames, up to
 * {@link #MAX_WARM_UP_SESSIONS_PER_WORKER} per consumer.
 *
 * <p>Then they go on until the pipeline has settled: one warm-up session leaves the services'
 * compilers with a queue of hot methods, and a user arriving while it drains got up to twice the
 * round trip of the next. Settled is {@link #SETTLED_SESSIONS} warm-up sessions in a row whose round
 * trips (p50) are within {@link #SETTLED_RATIO} of each other, up to {@link #MAX_SETTLING_SESSIONS}
 * more sessions: two in a row agreed by chance often enough that the next session still landed in
 * a slow second.
 *
 * <p>Sessions one at a time leave the JVMs mostly running their first-tier compiled code: a single
 * session right after them takes nearly twice the round trip it takes once the stack has carried
 * load for a while, and much less of that after a burst (docs/running-locally.md has the figures).
 * So a burst of {@link #BURST_SESSIONS} sessions at once for {@link #BURST} follows, which brings
 * the hot paths to the optimising compiler.
 *
 * <p>Then it waits for the compilers: the warm-up leaves every JVM compiling the methods it made
 * hot for seconds after its last session, and a first session measured meanwhile shares two cores
 * with them (the first sessions more than twice as slow as the next were those that met such a
 * burst, from sampling each thread's CPU). A user arrives after `up` returns, when they are done:
 * the probe's first session waits until all compiler threads together used under
 * {@link #QUIET_COMPILER_SHARE} of a core over {@link #QUIET_WINDOW}, {@link #MAX_COMPILER_WAIT} at most.
 *
 * <p>A warm session is the median of the {@link #WARM_SESSIONS} after the first: on a machine six
 * JVMs, a broker and a database share, any one session now and then takes two to three times the
 * usual round trip, so one session alone is no yardstick.
 */
public final class StartUpProbe {

    /**
     * A probe session's limit. Under passive liveness a session takes at least 8 frames, and during
     * the burst eight sessions at once offer the two cores twice the frames they judge: a session
     * then takes several seconds, which is load, not failure.
     */
    static final Duration PROBE = Duration.ofSeconds(15);
    static final int FPS = 10;
    static final String USERNAME = "likeness-start-up-probe";
    /**
     * Sessions land on the 6 partitions at random: 8 sessions per worker leave one cold about once
     * in 30,000 starts with two workers, and once in a thousand at worst (six workers, one partition each).
     */
    static final int MAX_WARM_UP_SESSIONS_PER_WORKER = 8;
    static final double SETTLED_RATIO = 1.3;
    /** About half a second each: a settling pipeline costs `up` a few seconds at most. */
    static final int MAX_SETTLING_SESSIONS = 8;
    static final int SETTLED_SESSIONS = 3;
    static final int WARM_SESSIONS = 3;
    static final int BURST_SESSIONS = 8;
    static final Duration BURST = Duration.ofSeconds(15);
    static final double QUIET_COMPILER_SHARE = 0.05;
    static final Duration QUIET_WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_COMPILER_WAIT = Duration.ofSeconds(20);

    /** Runs one probe session of {@code username}. */
    interface Session {
        SessionReport run(String username, Operation operation) throws Exception;
    }

    private final Session session;
    private final int workers;
    private final BooleanSupplier everyWorkerWarm;
    private final DoubleSupplier compilerCpuSeconds;
    private final Duration burst;
    private final PrintStream out;

    /**
     * @param workers          how many quality consumers the stack runs, over all its workers
     * @param everyWorkerWarm  whether every one of them has fetched frames yet
     * @param compilerCpuSeconds the CPU seconds the JIT compiler threads of every process of the
     *                         stack and of this one have used so far
     */
    StartUpProbe(DemoBackendClient backend, int workers, BooleanSupplier everyWorkerWarm, DoubleSupplier compilerCpuSeconds,
            PrintStream out)
            throws Exception {
        this(probeSessions(backend), workers, everyWorkerWarm, compilerCpuSeconds, BURST, out);
    }

    StartUpProbe(Session session, int workers, BooleanSupplier everyWorkerWarm, DoubleSupplier compilerCpuSeconds, Duration burst,
                 PrintStream out) {
        this.session = session;
        this.workers = workers;
        this.everyWorkerWarm = everyWorkerWarm;
        this.compilerCpuSeconds = compilerCpuSeconds;
        this.burst = burst;
        this.out = out;
    }

    /**
     * The probe for the running {@code stack}: its quality workers are warm once each of their Kafka
     * consumers has fetched frames; its parts' JIT compilers are found once, as the probe reads their
     * CPU every second while it waits.
     */
    public static StartUpProbe forStack(LocalStack stack, PrintStream out) throws Exception {
        StackHttp http = stack.http();
        List<URI> workers = stack.instances().stream().filter(instance -> instance.service() == StackService.QUALITY_SERVICE)
                .map(LocalStack.Instance::baseUrl).toList();
        int consumers = workers.stream().mapToInt(worker -> framesFetchedByConsumer(http, worker).size()).sum();
        List<StackPart> parts = stack.observation().alivePartsWithCaller("cli");
        return new StartUpProbe(new DemoBackendClient(URI.create(stack.ports().demoBackendUrl())), Math.max(consumers, workers.size()),
                () -> workers.stream().allMatch(worker -> everyConsumerHasFetched(http, worker)),
                () -> parts.stream().mapToDouble(StackPart::compilerCpuSeconds).sum(), out);
    }

    /**
     * Frames each Kafka consumer of the quality worker at {@code worker} has fetched, by client id: a
     * worker runs one consumer per core, each on its own partitions, and each one's first fetch is
     * the slow one.
     */
    static Map<String, Double> framesFetchedByConsumer(StackHttp http, URI worker) {
        return PrometheusText.byLabel(http.scrape(worker), "kafka_consumer_fetch_manager_records_consumed_total", "client_id");
    }

    static boolean everyConsumerHasFetched(StackHttp http, URI worker) {
        Map<String, Double> fetched = framesFetchedByConsumer(http, worker);
        return !fetched.isEmpty() && fetched.values().stream().allMatch(frames -> frames > 0);
    }

    public void run() throws Exception {
        SessionReport warmUp = session.run(USERNAME, Operation.ENROLL);
        if (!warmUp.finished() && warmUp.error().filter(e -> e == ErrorCode.SERVER_USER_ALREADY_ENROLLED).isEmpty()) {
            out.printf("warning: the warm-up session did not finish (%s%s)%n", warmUp.error().map(Enum::name).orElse("no outcome"),
                    warmUp.errorMessage().isBlank() ? "" : ": " + warmUp.errorMessage());
            return;
        }
        // Each warm-up session's round trip (p50); how many there were is its size.
        List<Double> roundTrips = new ArrayList<>(List.of(warmUp.roundTripPercentile(50)));
        while (!everyWorkerWarm.getAsBoolean() && roundTrips.size() < MAX_WARM_UP_SESSIONS_PER_WORKER * workers) {
            roundTrips.add(session.run(USERNAME, Operation.AUTH).roundTripPercentile(50));
        }
        if (!everyWorkerWarm.getAsBoolean()) {
            out.printf("warning: after %d warm-up sessions a quality worker had still judged no frame%n", roundTrips.size());
        }
        for (int settling = 0; !settled(roundTrips) && settling < MAX_SETTLING_SESSIONS; settling++) {
            roundTrips.add(session.run(USERNAME, Operation.AUTH).roundTripPercentile(50));
        }
        int burstSessions = burst();
        CompilerWait waited = untilCompilersQuiet();
        double first = session.run(USERNAME, Operation.AUTH).roundTripPercentile(50);
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < WARM_SESSIONS; i++) {
            warm.add(session.run(USERNAME, Operation.AUTH).roundTripPercentile(50));
        }
        double typical = SessionReport.nearestRank(warm.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 50);
        out.printf(Locale.ROOT,
                "warm-up: %d session(s), round trip p50 %.0f ms, then %d more, %d at once for %d s; compilers %s after %.1f s; "
                        + "then the first session a user gets: p50 %.0f ms, a warm one: %.0f ms (median of the next %d) (%.1fx)%n",
                        roundTrips.size(),
                warmUp.roundTripPercentile(50), burstSessions, BURST_SESSIONS, burst.toSeconds(),
                waited.quiet() ? "quiet" : "still busy", waited.seconds(), first, typical, WARM_SESSIONS, first / typical);
    }

    /**
     * {@link #BURST_SESSIONS} users running sessions back to back until the burst is over; how many
     * sessions ran. Each is a user of its own, enrolled by its first session: one user's sessions at
     * once would meet the lockout, which counts an authentication from its beginning.
     */
    private int burst() throws InterruptedException {
        long deadline = System.nanoTime() + burst.toNanos();
        Failures failed = new Failures();
        ExecutorService users = Executors.newFixedThreadPool(BURST_SESSIONS);
        try {
            List<Future<Integer>> running = new ArrayList<>();
            for (int user = 1; user <= BURST_SESSIONS; user++) {
                String username = USERNAME + "-" + user;
                running.add(users.submit(() -> {
                    int sessions = 0;
                    // A user whose enrollment failed enrolls again: authenticating would only find no user.
                    boolean enrolled = false;
                    for (; System.nanoTime() < deadline; sessions++) {
                        try {
                            SessionReport report = session.run(username, enrolled ? Operation.AUTH : Operation.ENROLL);
                            boolean alreadyEnrolled = report.error().filter(e -> e == ErrorCode.SERVER_USER_ALREADY_ENROLLED).isPresent();
                            enrolled |= report.finished() || alreadyEnrolled;
                            if (!report.finished() && !alreadyEnrolled) {
                                failed.add(report.error().map(Enum::name).orElse("no outcome"), report.errorMessage());
                            }
                        } catch (Exception e) {
                            failed.add(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                        }
                    }
                    return sessions;
                }));
            }
            int sessions = 0;
            for (Future<Integer> user : running) {
                sessions += user.get();
            }
            if (failed.count() > 0) {
                out.printf("warning: %d of the %d warm-up sessions run at once did not finish (%s)%n", failed.count(), sessions,
                        failed);
            }
            return sessions;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a warm-up user failed", e.getCause());
        } finally {
            users.shutdownNow();
        }
    }

    /** Sessions that did not finish, counted by reason, with the first message of each: what an operator reads to act on. */
    static final class Failures {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final Map<String, String> firstMessages = new ConcurrentHashMap<>();

        void add(String reason, String message) {
            counts.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
            firstMessages.putIfAbsent(reason, message);
        }

        int count() {
            return counts.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        @Override
        public String toString() {
            return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(reason -> reason.getKey() + ": " + reason.getValue()
                            + (firstMessages.get(reason.getKey()).isBlank() ? "" : ", first: " + firstMessages.get(reason.getKey())))
                    .collect(Collectors.joining("; "));
        }
    }

    /** How long the probe waited for the compilers, and whether they went quiet or the wait ran out. */
    record CompilerWait(double seconds, boolean quiet) {
    }

    /** Waits until the compilers are quiet (see the class comment), {@link #MAX_COMPILER_WAIT} at most. */
    private CompilerWait untilCompilersQuiet() throws InterruptedException {
        long started = System.nanoTime();
        double before = compilerCpuSeconds.getAsDouble();
        boolean quiet = false;
        while (!quiet && System.nanoTime() - started < MAX_COMPILER_WAIT.toNanos()) {
            Thread.sleep(QUIET_WINDOW.toMillis());
            double now = compilerCpuSeconds.getAsDouble();
            quiet = quiet(now - before);
            before = now;
        }
        return new CompilerWait((System.nanoTime() - started) / 1e9, quiet);
    }

    /** Compiler CPU seconds over one {@link #QUIET_WINDOW} under {@link #QUIET_COMPILER_SHARE} of a core. */
    static boolean quiet(double compilerSecondsInWindow) {
        return compilerSecondsInWindow < QUIET_COMPILER_SHARE * QUIET_WINDOW.toNanos() / 1e9;
    }

    /** The last {@link #SETTLED_SESSIONS} warm-up sessions' round trips within {@link #SETTLED_RATIO} of each other. */
    static boolean settled(List<Double> roundTrips) {
        int n = roundTrips.size();
        return n >= SETTLED_SESSIONS && settled(roundTrips.subList(n - SETTLED_SESSIONS,
                n).stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Round trips within {@link #SETTLED_RATIO} of each other; a session with no answered frame (NaN) settles nothing. */
    static boolean settled(double... roundTrips) {
        double lowest = Arrays.stream(roundTrips).min().orElse(Double.NaN);
        double highest = Arrays.stream(roundTrips).max().orElse(Double.NaN);
        return highest <= SETTLED_RATIO * lowest;
    }

    /**
     * The probe's sessions send the simulated subject of the bundled portrait, each its own, live:
     * it follows a challenge when the policy asks for one, and a still looped as a camera is what
     * liveness refuses; the probe warms the path users take. Its poses are rendered once, shared.
     */
    private static Session probeSessions(DemoBackendClient backend) throws Exception {
        PoseFrames portrait = BundledSubject.render();
        DemoBackendClient.SessionConfig config = backend.config();
        return (username, operation) -> new SessionClient(config.gateway(), FPS, PROBE).run(backend.request(config, username, operation,
                "start-up probe"),
                FollowingChallenge.of(portrait), frame -> {
                });
    }
}
