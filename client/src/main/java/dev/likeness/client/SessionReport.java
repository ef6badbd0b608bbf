package dev.likeness.client;

import dev.likeness.proto.v1.Challenge;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Progress;

import java.util.List;
import java.util.Optional;

/**
 * What one session did, with the client's own timings: per-frame round trips (frame sent to its
 * result received), frame rates, and the time from the first accepted frame to the decision.
 * {@code cameraFrames} counts the frames the camera produced while the session streamed; the
 * difference to {@code framesSent} is what flow control held back. {@code framesTimedOut} counts
 * frames the client gave up waiting for (lost); frames still in flight when the session ended
 * (overtaken by its decision) are neither answered nor lost. {@code progress}: each Progress the
 * server sent, in order (how far the decision was); {@code challenge}: the liveness challenge the
 * server asked for, if it asked for one.
 */
public record SessionReport(Optional<String> transactionJwt, Optional<ErrorCode> error, String errorMessage,
                            int framesSent, long cameraFrames, long framesTimedOut, List<FrameTiming> answered, long startedNanos,
                            long endedNanos,
                            Optional<Long> firstAcceptedSentNanos, List<Progress> progress, Optional<Challenge> challenge) {

    /** One answered frame. */
    public record FrameTiming(long sequence, long sentNanos, long answeredNanos, boolean accepted, List<String> triggered) {
        public double roundTripMillis() {
            return (answeredNanos - sentNanos) / 1e6;
        }
    }

    public boolean finished() {
        return transactionJwt.isPresent();
    }

    /** The q-th percentile (0-100) of round trips in ms, nearest-rank; NaN with no answered frame. */
    public double roundTripPercentile(double q) {
        return nearestRank(answered.stream().mapToDouble(FrameTiming::roundTripMillis).sorted().toArray(), q);
    }

    /** The q-th percentile (0-100) of ascending {@code sorted} values, nearest rank; NaN when there are none. */
    public static double nearestRank(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double sessionSeconds() {
        return (endedNanos - startedNanos) / 1e9;
    }

    public double framesSentPerSecond() {
        return framesSent / Math.max(sessionSeconds(), 1e-9);
    }

    public double framesAnsweredPerSecond() {
        return answered.size() / Math.max(sessionSeconds(), 1e-9);
    }

    /** Milliseconds from sending the first frame that was accepted to receiving the decision. */
    public Optional<Double> firstAcceptedToDecisionMillis() {
        return firstAcceptedSentNanos.map(sent -> (endedNanos - sent) / 1e6);
    }

    public long acceptedFrames() {
        return answered.stream().filter(FrameTiming::accepted).count();
    }

    @Override
    public String toString() {
        return "SessionReport[" + (finished() ? "finished" : error.map(Enum::name).orElse("no outcome"))
                + ", sent=" + framesSent + ", answered=" + answered.size() + "]";
    }
}
