package dev.likeness.auth.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perMinute} admin calls of one customer a minute, refused or not: a loop against
 * the admin API (each call a signature check, and a database write when it succeeds) is cut off
 * at a rate no backend's support desk reaches. Counted per instance, in fixed one-minute windows.
 */
final class CallRate {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Instant> windowStarts = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();

    CallRate(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Whether one more call of {@code customer} (a configured one) may go ahead now. */
    synchronized boolean admit(String customer) {
        Instant now = clock.instant();
        Instant start = windowStarts.get(customer);
        if (start == null || !now.isBefore(start.plus(WINDOW))) {
            windowStarts.put(customer, now);
            calls.put(customer, 0);
        }
        int made = calls.merge(customer, 1, Integer::sum);
        return made <= perMinute;
    }
}
