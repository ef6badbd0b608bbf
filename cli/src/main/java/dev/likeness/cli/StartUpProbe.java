package dev.likeness.cli;

import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.vision.WarmUpPortrait;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * What `./likeness up` does once every process is ready: sessions through the whole pipeline to
 * warm it (the services warm their own hot path at start-up, but the first frames through a fresh
 * broker and fresh consumers wait for their first fetches), then two measured sessions: the first
 * a user would get and the next. All are the stack's own probe user on the bundled portrait; it is
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
 * <p>A warm session is the median of the {@link #WARM_SESSIONS} after the first: on a machine six
 * JVMs, a broker and a database share, any one session now and then takes two to three times the
 * usual round trip, so one session alone is no yardstick.
 */
final class StartUpProbe {

    static final Duration PROBE = Duration.ofSeconds(5);
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

    /** Runs one probe session. */
    interface Session {
        SessionReport run(Operation operation) throws Exception;
    }

    private final Session session;
    private final int workers;
    private final BooleanSupplier everyWorkerWarm;
    private final PrintStream out;

    /**
     * @param workers          how many quality consumers the stack runs, over all its workers
     * @param everyWorkerWarm  whether every one of them has fetched frames yet
     */
    StartUpProbe(DemoBackendClient backend, int workers, BooleanSupplier everyWorkerWarm, PrintStream out) throws Exception {
        this(probeSessions(backend), workers, everyWorkerWarm, out);
    }

    StartUpProbe(Session session, int workers, BooleanSupplier everyWorkerWarm, PrintStream out) {
        this.session = session;
        this.workers = workers;
        this.everyWorkerWarm = everyWorkerWarm;
        this.out = out;
    }

    void run() throws Exception {
        SessionReport warmUp = session.run(Operation.ENROLL);
        if (!warmUp.finished() && warmUp.error().filter(e -> e == ErrorCode.SERVER_USER_ALREADY_ENROLLED).isEmpty()) {
            out.printf("warning: the warm-up session did not finish (%s)%n", warmUp.error().map(Enum::name).orElse("no outcome"));
            return;
        }
        // Each warm-up session's round trip (p50); how many there were is its size.
        List<Double> roundTrips = new ArrayList<>(List.of(warmUp.roundTripPercentile(50)));
        while (!everyWorkerWarm.getAsBoolean() && roundTrips.size() < MAX_WARM_UP_SESSIONS_PER_WORKER * workers) {
            roundTrips.add(session.run(Operation.AUTH).roundTripPercentile(50));
        }
        if (!everyWorkerWarm.getAsBoolean()) {
            out.printf("warning: after %d warm-up sessions a quality worker had still judged no frame%n", roundTrips.size());
        }
        for (int settling = 0; !settled(roundTrips) && settling < MAX_SETTLING_SESSIONS; settling++) {
            roundTrips.add(session.run(Operation.AUTH).roundTripPercentile(50));
        }
        double first = session.run(Operation.AUTH).roundTripPercentile(50);
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < WARM_SESSIONS; i++) {
            warm.add(session.run(Operation.AUTH).roundTripPercentile(50));
        }
        double typical = SessionReport.nearestRank(warm.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 50);
        out.printf(Locale.ROOT, "warm-up: %d session(s), round trip p50 %.0f ms; then the first session a user gets: p50 %.0f ms, "
                        + "a warm one: %.0f ms (median of the next %d) (%.1fx)%n",
                roundTrips.size(), warmUp.roundTripPercentile(50), first, typical, WARM_SESSIONS, first / typical);
    }

    /** The last {@link #SETTLED_SESSIONS} warm-up sessions' round trips within {@link #SETTLED_RATIO} of each other. */
    static boolean settled(List<Double> roundTrips) {
        int n = roundTrips.size();
        return n >= SETTLED_SESSIONS && settled(roundTrips.subList(n - SETTLED_SESSIONS, n).stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Round trips within {@link #SETTLED_RATIO} of each other; a session with no answered frame (NaN) settles nothing. */
    static boolean settled(double... roundTrips) {
        double lowest = java.util.Arrays.stream(roundTrips).min().orElse(Double.NaN);
        double highest = java.util.Arrays.stream(roundTrips).max().orElse(Double.NaN);
        return highest <= SETTLED_RATIO * lowest;
    }

    private static Session probeSessions(DemoBackendClient backend) throws Exception {
        FrameSource portrait = FrameSource.of(List.of(WarmUpPortrait.jpeg()));
        DemoBackendClient.SessionConfig config = backend.config();
        return operation -> new SessionClient(config.gateway(), FPS, PROBE).run(backend.request(config, USERNAME, operation, "start-up probe"),
                portrait, frame -> {
                });
    }
}
