package dev.likeness.client;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * When a client may send its next frame: the camera delivers a frame every {@code interval}, and
 * the server's credit (Ready.max_in_flight) caps how many sent frames may be unanswered. A frame is
 * sent only when both allow it, and it is always the camera's latest (captured at send time, never
 * one queued while waiting), and never the same camera frame twice. Under load the frame rate
 * falls; the round trip does not grow. All times are System.nanoTime() values passed in, so the
 * rule is tested without a clock.
 */
public final class FramePacer {

    /** The margin a client adds to the server's result timeout: the server starts its clock on receipt. */
    static final long TIMEOUT_MARGIN_NANOS = 1_000_000_000L;

    private final long cameraStart;
    private final long interval;
    /** Sequence -> sent time of frames in flight, oldest first. */
    private final Map<Long, Long> inFlight = new LinkedHashMap<>();
    private int maxInFlight = Integer.MAX_VALUE;
    private long timeout = Long.MAX_VALUE;
    /** The camera tick whose frame went out last; -1 before the first. */
    private long lastTickSent = -1;
    private long timedOut;

    public FramePacer(long cameraStart, long intervalNanos) {
        this.cameraStart = cameraStart;
        this.interval = intervalNanos;
    }

    /** Applies Ready's flow control; 0 for either means the server set no limit. */
    public void grant(int maxInFlight, long resultTimeoutMillis) {
        this.maxInFlight = maxInFlight > 0 ? maxInFlight : Integer.MAX_VALUE;
        this.timeout = resultTimeoutMillis > 0 ? resultTimeoutMillis * 1_000_000L + TIMEOUT_MARGIN_NANOS : Long.MAX_VALUE;
    }

    /** Applies a Credit message: from now on at most {@code maxInFlight} frames in flight; 0 pauses sending. */
    public void credit(int maxInFlight) {
        this.maxInFlight = Math.max(0, maxInFlight);
    }

    /** True when a camera frame newer than the last one sent exists and the credit has room. */
    public boolean maySend(long now) {
        expire(now);
        return tick(now) > lastTickSent && inFlight.size() < maxInFlight;
    }

    /** Records the frame just sent (captured now). */
    public void sent(long sequence, long now) {
        lastTickSent = tick(now);
        inFlight.put(sequence, now);
    }

    /** A result arrived: frees its credit; when the frame was sent, if it was still in flight. */
    public OptionalLong answered(long sequence) {
        Long sentAt = inFlight.remove(sequence);
        return sentAt == null ? OptionalLong.empty() : OptionalLong.of(sentAt);
    }

    /** Frames sent and neither answered nor timed out. */
    public int inFlight(long now) {
        expire(now);
        return inFlight.size();
    }

    /** Frames given up on: sent, never answered within the timeout (lost, or dropped by the server). */
    public long timedOut() {
        return timedOut;
    }

    /** Camera frames produced since the camera started: what a client without flow control would have sent. */
    public long cameraFrames(long now) {
        return tick(now) + 1;
    }

    /**
     * How long (ns) the client may wait for a server message before looking again: until the next
     * camera frame when the credit has room, else until the oldest frame in flight times out.
     */
    public long waitNanos(long now) {
        expire(now);
        if (inFlight.size() < maxInFlight) {
            // The first camera frame after the last one sent (now, if it exists already).
            return Math.max(0, cameraStart + (lastTickSent + 1) * interval - now);
        }
        if (inFlight.isEmpty()) {
            return Long.MAX_VALUE; // paused (credit 0): only a server message changes that
        }
        long oldest = inFlight.values().iterator().next();
        return timeout == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, oldest + timeout - now);
    }

    private long tick(long now) {
        return Math.max(0, (now - cameraStart) / interval);
    }

    private void expire(long now) {
        for (Iterator<Long> sent = inFlight.values().iterator(); sent.hasNext(); ) {
            if (now - sent.next() >= timeout) {
                sent.remove();
                timedOut++;
            } else {
                break;
            }
        }
    }
}
