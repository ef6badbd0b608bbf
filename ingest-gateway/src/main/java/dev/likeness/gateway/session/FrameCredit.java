package dev.likeness.gateway.session;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.OptionalLong;

/**
 * One session's credit-based flow control, as Ready announces it: at most {@code maxInFlight}
 * frames unanswered, a frame counting as unanswered until its result goes out or it has waited
 * {@code timeoutNanos} (a frame past quality-service's deadline is never answered). Frames beyond
 * the credit are refused and counted. Not thread-safe: the caller serialises access (the session's
 * monitor), since frames arrive on the socket's thread and results on the Kafka consumer's.
 */
final class FrameCredit {

    /** A frame let through and when: its sequence and System.nanoTime() on receipt. */
    private record InFlight(long sequence, long receivedAt) {
    }

    private final int maxInFlight;
    private final long timeoutNanos;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private int refused;

    FrameCredit(int maxInFlight, long timeoutNanos) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
        this.timeoutNanos = timeoutNanos;
    }

    /** True when the frame fits in the credit (it is now in flight); false when it is beyond it (counted). */
    boolean admit(long sequence, long now) {
        expire(now);
        if (inFlight.size() >= maxInFlight) {
            refused++;
            return false;
        }
        inFlight.addLast(new InFlight(sequence, now));
        return true;
    }

    /** The frame's result is going out: it frees its credit. Its receipt time, when it was still in flight. */
    OptionalLong answered(long sequence) {
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
            InFlight frame = it.next();
            if (frame.sequence() == sequence) {
                it.remove();
                return OptionalLong.of(frame.receivedAt());
            }
        }
        return OptionalLong.empty();
    }

    /** Frames refused for want of credit in this session so far. */
    int refused() {
        return refused;
    }

    private void expire(long now) {
        // Frames arrive in sequence order, so the oldest are at the head.
        while (!inFlight.isEmpty() && now - inFlight.peekFirst().receivedAt() >= timeoutNanos) {
            inFlight.removeFirst();
        }
    }
}
