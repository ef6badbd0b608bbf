package dev.likeness.auth.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How many refused admin calls of a customer get an audit row of their own: the first few of
 * each minute. Refusals are unauthenticated, so without a bound a loop would fill the database
 * that holds the templates and push the customer's real records out of view; past the bound
 * they are counted, and the next row written says how many were not.
 */
final class RefusalAudit {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int rowsPerWindow;
    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    /** What to do with one refusal: write a row or not, and how many went unwritten before it. */
    record Decision(boolean write, long unwrittenBefore) {
    }

    private static final class Window {
        Instant start;
        int written;
        long unwritten;
    }

    RefusalAudit(int rowsPerWindow, Clock clock) {
        this.rowsPerWindow = rowsPerWindow;
        this.clock = clock;
    }

    /** For a refused call of {@code customer} (a configured one: others get no row at all). */
    synchronized Decision refused(String customer) {
        Instant now = clock.instant();
        Window window = windows.computeIfAbsent(customer, c -> new Window());
        if (window.start == null || !now.isBefore(window.start.plus(WINDOW))) {
            window.start = now;
            window.written = 0;
        }
        if (window.written >= rowsPerWindow) {
            window.unwritten++;
            return new Decision(false, 0);
        }
        window.written++;
        long unwritten = window.unwritten;
        window.unwritten = 0;
        return new Decision(true, unwritten);
    }
}
