package dev.likeness.auth.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts a customer's events in fixed one-minute windows, per instance: what the admin API's
 * bounds ({@link CallRate}, {@link RefusalAudit}) are measured in.
 */
final class PerMinute {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Instant> windowStarts = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();

    PerMinute(Clock clock) {
        this.clock = clock;
    }

    /** Counts one event of {@code customer}; returns which one it is in the customer's current minute, from 1. */
    synchronized int next(String customer) {
        Instant now = clock.instant();
        Instant start = windowStarts.get(customer);
        if (start == null || !now.isBefore(start.plus(WINDOW))) {
            windowStarts.put(customer, now);
            counts.put(customer, 0);
        }
        return counts.merge(customer, 1, Integer::sum);
    }
}
