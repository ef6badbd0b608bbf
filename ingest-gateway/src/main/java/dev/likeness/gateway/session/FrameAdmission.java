package dev.likeness.gateway.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * Shares the pipeline's capacity between this gateway's sessions, so that under overload each
 * session's frame rate falls while the round trip stays near a target (client.proto, Credit).
 *
 * <p>Up to {@code budget} sessions are active; the others wait. With no session waiting, active
 * sessions hold Ready's full credit. When sessions wait, they take turns: an active session whose
 * frame was just answered yields its place (credit 0) to the session that waited longest (credit 1).
 * The budget follows the measured round trip: it shrinks while the smoothed round trip is above the
 * target and grows while it is well below it and sessions wait (additive increase, multiplicative
 * decrease, as TCP does). On a pipeline whose frames take nearly the target even without a queue (a
 * slower machine, larger frames), no budget meets the target, and shrinking it to one session would
 * only lose throughput to turn-taking: so the target steered for is {@link #TARGET_OVER_LEAST} times
 * the least round trip of the last 10-20 s when that is more, up to {@link #MOST_RELAXED} times the
 * configured one. That bound matters: when every frame waits in a queue, the least round trip is
 * long too, and an unbounded target would excuse the queue.
 *
 * <p>A turn is also passed on when it goes unused. A client whose own checks keep its frames back
 * (no face in view yet) says so (client.proto, Withheld): while others wait its place goes to the
 * longest waiting at once, and with nobody waiting it is marked as not sending, so that the next
 * session to wait takes its place without delay. A session that gave its place away this way is
 * parked (credit 0): it takes a free place, but no session yields to it, and it joins the queue
 * at the next sweep. Queued at once, it would be handed a turn after every answered frame and
 * hand it back, halving the senders' rate and sending a Withheld per turn. A client that says
 * nothing (a paused tab, one that ignores credits) passes its turn on after {@link #IDLE_TICKS}
 * ticks of the sweep without a frame answered; it would otherwise keep every waiting session
 * silent until its idle timeout.
 * Thread-safe; {@code sendCredit} is called under the lock and must not block.
 *
 * @param <S> a session (identity is what matters)
 */
final class FrameAdmission<S> {

    static final double MIN_BUDGET = 1;
    /** How much of each new round trip enters the smoothed one. */
    static final double SMOOTHING = 0.2;
    static final double DECREASE = 0.95;
    static final double INCREASE = 0.25;
    /**
     * Ticks (the gateway sweeps every 500 ms) an active session may go without an answered frame
     * while others wait: a live client sends within one camera frame of its credit, and a frame
     * that takes over a second is past the target by far, so 2-3 ticks is generous.
     */
    static final int IDLE_TICKS = 2;
    /**
     * The least target, as a multiple of the least round trip lately (about what a frame costs
     * without a queue): one a few sessions sending at once can meet. A safety net, not a tuning:
     * measured on 2 cores (ingest-gateway's README), steering for twice a lone session's round trip
     * left a tenth of the cores idle, for three times it none; the configured target is the tuning.
     */
    static final double TARGET_OVER_LEAST = 2;
    /** How far the least round trip may raise the target: at most this many times the configured one. */
    static final double MOST_RELAXED = 2;
    /** Sweeps in one window of the least round trip, which is taken over this window and the one before. */
    static final int LEAST_WINDOW_TICKS = 20;

    private final int fullCredit;
    private final long configuredTargetNanos;
    private final double maxBudget;
    private final BiConsumer<S, Integer> sendCredit;
    private final Set<S> active = new LinkedHashSet<>();
    private final Deque<S> waiting = new ArrayDeque<>();
    private final Map<S, Integer> granted = new HashMap<>();
    /** Per active session: sweeps since its turn began while others waited. */
    private final Map<S, Integer> idleTicks = new HashMap<>();
    /** Active sessions whose client kept its last frames back (Withheld) and has had none answered since. */
    private final Set<S> withholding = new LinkedHashSet<>();
    /** Sessions that gave their place away for withholding, until the next sweep queues them (credit 0). */
    private final Set<S> parked = new LinkedHashSet<>();
    private double budget;
    private double smoothedNanos = -1;
    private long leastThisWindow = Long.MAX_VALUE;
    private long leastLastWindow = Long.MAX_VALUE;
    private int windowTicks;
    /** The session being started: its credit goes out in Ready, not as a Credit. */
    private S starting;

    FrameAdmission(int fullCredit, long configuredTargetNanos, int maxBudget, int initialBudget, BiConsumer<S, Integer> sendCredit) {
        this.fullCredit = fullCredit;
        this.configuredTargetNanos = configuredTargetNanos;
        this.maxBudget = maxBudget;
        this.budget = Math.max(MIN_BUDGET, Math.min(maxBudget, initialBudget));
        this.sendCredit = sendCredit;
    }

    /**
     * A session starts: it joins the active sessions or the queue, and {@code sendReady} is given
     * its credit (for Ready) under the lock, so no Credit for it can overtake its Ready.
     */
    synchronized void started(S session, IntConsumer sendReady) {
        waiting.addLast(session);
        starting = session;
        try {
            rebalance();
        } finally {
            starting = null;
        }
        sendReady.accept(granted.get(session));
    }

    /** One of the session's frames was answered after {@code roundTripNanos} in the pipeline. */
    synchronized void answered(S session, long roundTripNanos) {
        withholding.remove(session);
        leastThisWindow = Math.min(leastThisWindow, roundTripNanos);
        smoothedNanos = smoothedNanos < 0 ? roundTripNanos : (1 - SMOOTHING) * smoothedNanos + SMOOTHING * roundTripNanos;
        long target = targetNanos();
        if (smoothedNanos > target) {
            budget = Math.max(MIN_BUDGET, budget * DECREASE);
        } else if (!waiting.isEmpty() && smoothedNanos < 0.8 * target) {
            budget = Math.min(maxBudget, budget + INCREASE);
        }
        if (active.contains(session) && (!waiting.isEmpty() || active.size() > activeLimit())) {
            yieldTurn(session);
        }
        rebalance();
    }

    /**
     * The session's client kept a frame back (Withheld): it has nothing to send for now. An active
     * session gives up its place to a waiting one at once, or as soon as one waits.
     */
    synchronized void withheld(S session) {
        if (active.contains(session)) {
            withholding.add(session);
            rebalance();
        }
    }

    /**
     * One sweep has passed: parked sessions queue again, and active sessions that left their turn
     * unused while others wait yield it.
     */
    synchronized void tick() {
        if (++windowTicks == LEAST_WINDOW_TICKS) {
            leastLastWindow = leastThisWindow;
            leastThisWindow = Long.MAX_VALUE;
            windowTicks = 0;
        }
        waiting.addAll(parked); // their face may be in view by now: they queue for a turn again
        parked.clear();
        if (waiting.isEmpty()) {
            idleTicks.replaceAll((session, ticks) -> 0);
            return;
        }
        for (S session : new ArrayList<>(active)) {
            int ticks = idleTicks.merge(session, 1, Integer::sum);
            if (ticks > IDLE_TICKS) {
                yieldTurn(session);
            }
        }
        rebalance();
    }

    /** Its turn is over: to the back of the queue. */
    private void yieldTurn(S session) {
        leave(session);
        waiting.addLast(session);
    }

    /** The session no longer holds a place. */
    private void leave(S session) {
        active.remove(session);
        idleTicks.remove(session);
        withholding.remove(session);
    }

    /** The session ended: its place goes to the next waiting one. */
    synchronized void ended(S session) {
        leave(session);
        waiting.remove(session);
        parked.remove(session);
        granted.remove(session);
        rebalance();
    }

    /** Whether the session is waiting its turn (credit 0), and so rightly silent. */
    synchronized boolean isWaiting(S session) {
        Integer credit = granted.get(session);
        return credit != null && credit == 0;
    }

    synchronized int activeSessions() {
        return active.size();
    }

    /** Sessions with credit 0: queued for a turn, or parked until the next sweep. */
    synchronized int waitingSessions() {
        return waiting.size() + parked.size();
    }

    synchronized double budget() {
        return budget;
    }

    /** The round trip steered for now: the configured one, or more on a pipeline too slow for it (see above). */
    synchronized long targetNanos() {
        long least = Math.min(leastThisWindow, leastLastWindow);
        if (least == Long.MAX_VALUE) {
            return configuredTargetNanos;
        }
        double relaxed = Math.min(TARGET_OVER_LEAST * least, MOST_RELAXED * configuredTargetNanos);
        return Math.max(configuredTargetNanos, (long) relaxed);
    }

    private int activeLimit() {
        return (int) Math.floor(budget);
    }

    private void rebalance() {
        if (!waiting.isEmpty() && !withholding.isEmpty()) {
            // Places held by sessions with nothing to send go to those waiting.
            for (S session : new ArrayList<>(withholding)) {
                leave(session);
                parked.add(session);
            }
        }
        while (active.size() < activeLimit() && !waiting.isEmpty()) {
            admit(waiting.pollFirst());
        }
        while (active.size() < activeLimit() && !parked.isEmpty()) { // a place nobody waits for
            S next = parked.iterator().next();
            parked.remove(next);
            admit(next);
        }
        // Taking turns, each active session has one frame out at a time; alone, the full credit.
        int credit = waiting.isEmpty() ? fullCredit : 1;
        for (S session : active) {
            grant(session, credit);
        }
        for (S session : waiting) {
            grant(session, 0);
        }
        for (S session : parked) {
            grant(session, 0);
        }
    }

    private void admit(S session) {
        active.add(session);
        idleTicks.put(session, 0);
    }

    private void grant(S session, int credit) {
        Integer previous = granted.put(session, credit);
        if (session != starting && (previous == null || previous != credit)) {
            sendCredit.accept(session, credit);
        }
    }
}
