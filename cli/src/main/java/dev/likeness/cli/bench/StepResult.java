package dev.likeness.cli.bench;

import dev.likeness.client.SessionReport;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one step of the benchmark measured: {@code sessions} concurrent sessions for
 * {@code wallSeconds}. Frame counts are the clients' (camera frames, frames sent, frames answered);
 * round trips are frame sent to its result received, in ms; drops and CPU come from the services.
 *
 * @param cameraFrames  frames the sessions' cameras produced: what they would have sent without flow control
 * @param framesLost    frames sent and never answered within the result timeout (frames still in
 *                      flight when their session decided are neither answered nor lost)
 * @param roundTripsMs  every answered frame's round trip, in any order
 * @param errors        sessions that ended without a decision, by error code (designed refusals included)
 * @param dropped       frames the services dropped, by reason (gateway: no_credit; quality-service: stale)
 * @param droppedUnread services whose drop counters could not be read before or after the step:
 *                      {@code dropped} leaves them out
 * @param cpuSeconds    CPU seconds each process of the stack, and the load generator itself
 *                      ({@link #LOAD_GENERATOR}), used during the step
 * @param compilerCpuSeconds of those, the seconds each JVM's JIT compiler threads used: the share a
 *                      young stack spends compiling its hot paths rather than serving frames
 * @param engineCpuSeconds of those, the seconds each service spent in the engine (decrypt, decode,
 *                      models), by its own count; the rest of a process's CPU is plumbing
 */
public record StepResult(int sessions, double wallSeconds, long cameraFrames, long framesSent, long framesLost,
                         double[] roundTripsMs, int sessionsDecided, Map<String, Integer> errors,
                         Map<String, Long> dropped, Set<String> droppedUnread, Map<String, Double> cpuSeconds,
                         Map<String, Double> compilerCpuSeconds, Map<String, Double> engineCpuSeconds) {

    /** The bench's own JVM among {@link #cpuSeconds}: it shares the machine's cores with the stack. */
    public static final String LOAD_GENERATOR = "load-generator";

    public StepResult {
        roundTripsMs = roundTripsMs.clone();
        Arrays.sort(roundTripsMs);
        errors = Map.copyOf(new TreeMap<>(errors));
        dropped = Map.copyOf(new TreeMap<>(dropped));
        droppedUnread = Collections.unmodifiableSet(new TreeSet<>(droppedUnread));
        cpuSeconds = Map.copyOf(cpuSeconds);
        compilerCpuSeconds = Map.copyOf(compilerCpuSeconds);
        engineCpuSeconds = Map.copyOf(engineCpuSeconds);
    }

    public long framesAnswered() {
        return roundTripsMs.length;
    }

    public double sentFps() {
        return framesSent / wallSeconds;
    }

    public double answeredFps() {
        return framesAnswered() / wallSeconds;
    }

    /**
     * The camera rate of all sessions together while they streamed: what the load offers before
     * flow control (a little under sessions x fps, as sessions pause between each other).
     */
    public double offeredFps() {
        return cameraFrames / wallSeconds;
    }

    /** Of the frames whose fate is known (answered or lost), the fraction answered; 1 when there are none. */
    public double answeredFraction() {
        long known = framesAnswered() + framesLost;
        return known == 0 ? 1 : (double) framesAnswered() / known;
    }

    /** The q-th percentile (0-100) of round trips, nearest rank; NaN with no answered frame. */
    public double roundTripPercentile(double q) {
        return SessionReport.nearestRank(roundTripsMs, q);
    }

    public double roundTripMax() {
        return roundTripsMs.length == 0 ? Double.NaN : roundTripsMs[roundTripsMs.length - 1];
    }

    /**
     * How many cores the stack and the load generator kept busy on average during the step: near the
     * machine's core count, throughput is bound by CPU, and a cheaper frame is the only way up.
     */
    public double coresBusy() {
        return totalCpuSeconds() / wallSeconds;
    }

    /** CPU seconds a process used per answered frame (ms); NaN with no answered frame. */
    public double cpuMillisPerAnsweredFrame(String part) {
        return framesAnswered() == 0 ? Double.NaN : cpuSeconds.getOrDefault(part, 0.0) * 1000 / framesAnswered();
    }

    /**
     * Every process's CPU per answered frame (ms), the load generator's included; NaN with no answered
     * frame. On a machine where they all share the cores, its inverse bounds throughput.
     */
    public double cpuMillisPerAnsweredFrame() {
        return framesAnswered() == 0 ? Double.NaN : totalCpuSeconds() * 1000 / framesAnswered();
    }

    /**
     * The most frames a second {@code cores} could answer at this step's CPU per answered frame: when
     * the answered rate is near it, the step was bound by CPU, not by a queue; NaN with no answered frame.
     */
    public double cpuBoundFps(int cores) {
        return cores * 1000 / cpuMillisPerAnsweredFrame();
    }

    /**
     * The fraction of all CPU the step used that went to JIT compiler threads; NaN when no CPU was
     * measured. A stack whose share is still high is measuring its own warm-up, not its pipeline.
     */
    public double compilerShare() {
        double total = totalCpuSeconds();
        return total <= 0 ? Double.NaN : compilerCpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum() / total;
    }

    private double totalCpuSeconds() {
        return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The part of {@link #cpuMillisPerAnsweredFrame} the process's JIT compiler threads used (ms); NaN with no answered frame. */
    public double compilerCpuMillisPerAnsweredFrame(String part) {
        return framesAnswered() == 0 ? Double.NaN : compilerCpuSeconds.getOrDefault(part, 0.0) * 1000 / framesAnswered();
    }

    /**
     * The share of a process's CPU outside the engine (decrypt, decode, models): 1 for a process with
     * no engine (the gateway, the relay, Kafka); NaN when it used no CPU.
     */
    public double plumbingShare(String part) {
        double cpu = cpuSeconds.getOrDefault(part, 0.0);
        return cpu <= 0 ? Double.NaN : Math.max(0, 1 - engineCpuSeconds.getOrDefault(part, 0.0) / cpu);
    }

    /** The share of all server CPU (the load generator apart) outside the engine; NaN when none was used. */
    public double serverPlumbingShare() {
        double server = totalCpuSeconds() - cpuSeconds.getOrDefault(LOAD_GENERATOR, 0.0);
        double engine = engineCpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        return server <= 0 ? Double.NaN : Math.max(0, 1 - engine / server);
    }

    /** Sessions decided (finished, or refused by a decision) per second: what an operator buys. */
    public double decisionsPerSecond() {
        return sessionsDecided / wallSeconds;
    }

    /**
     * CPU seconds all server processes used per decided session, the load generator's own CPU apart
     * (in real life the clients are browsers); NaN with no decision.
     */
    public double serverCpuSecondsPerDecision() {
        return sessionsDecided == 0 ? Double.NaN : (totalCpuSeconds() - cpuSeconds.getOrDefault(LOAD_GENERATOR, 0.0)) / sessionsDecided;
    }

    /** Within the targets the knee is defined by: p99 at most {@code p99LimitMs}, at least {@code minAnswered} of sent frames answered. */
    public boolean within(double p99LimitMs, double minAnswered) {
        return framesAnswered() > 0 && roundTripPercentile(99) <= p99LimitMs && answeredFraction() >= minAnswered;
    }
}
