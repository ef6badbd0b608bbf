package dev.likeness.gateway.session;

import java.util.Arrays;

/**
 * Counts one session's frames over a sliding window of whole milliseconds, to end a session that
 * sends far faster than any camera client does (flow control drops frames beyond the credit, but
 * each still costs the gateway a parse). Buckets of 100 ms keep it to a few longs.
 */
final class FrameRateWindow {

    private static final long BUCKET_NANOS = 100_000_000L;

    private final long[] counts;
    private final long[] bucketIds;

    /** A window of {@code windowNanos}, at least one 100 ms bucket. */
    FrameRateWindow(long windowNanos) {
        int buckets = (int) Math.max(1, windowNanos / BUCKET_NANOS);
        counts = new long[buckets];
        bucketIds = new long[buckets];
        Arrays.fill(bucketIds, Long.MIN_VALUE);
    }

    /** Counts a frame received at {@code now} (System.nanoTime()); returns the frames in the window ending now. */
    synchronized long record(long now) {
        long bucket = Math.floorDiv(now, BUCKET_NANOS);
        int slot = (int) Math.floorMod(bucket, (long) counts.length);
        if (bucketIds[slot] != bucket) {
            bucketIds[slot] = bucket;
            counts[slot] = 0;
        }
        counts[slot]++;
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (bucket - bucketIds[i] < counts.length) {
                total += counts[i];
            }
        }
        return total;
    }
}
