package dev.likeness.auth.admin;

import java.time.Clock;

/**
 * At most {@code perMinute} admin calls of one customer a minute, refused or not: a loop against
 * the admin API (each call a signature check, and a database write when it succeeds) is cut off
 * at a rate no backend's support desk reaches. Counted per instance.
 */
final class CallRate {

    private final int perMinute;
    private final PerMinute calls;

    CallRate(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.calls = new PerMinute(clock);
    }

    /** Whether one more call of {@code customer} (a configured one) may go ahead now. */
    boolean admit(String customer) {
        return calls.next(customer) <= perMinute;
    }
}
