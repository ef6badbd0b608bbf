package dev.likeness.auth.admin;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * How many refused admin calls of a customer get an audit row of their own: the first few of
 * each minute. Refusals are unauthenticated, so without a bound a loop would fill the database
 * that holds the templates and push the customer's real records out of view; past the bound
 * they are counted, and the next row written says how many were not.
 */
final class RefusalAudit {

    private final int rowsPerWindow;
    private final PerMinute refusals;
    private final Map<String, Long> unwritten = new HashMap<>();

    /** What to do with one refusal: write a row or not, and how many went unwritten before it. */
    record Decision(boolean write, long unwrittenBefore) {
    }

    RefusalAudit(int rowsPerWindow, Clock clock) {
        this.rowsPerWindow = rowsPerWindow;
        this.refusals = new PerMinute(clock);
    }

    /** For a refused call of {@code customer} (a configured one: others get no row at all). */
    synchronized Decision refused(String customer) {
        if (refusals.next(customer) > rowsPerWindow) {
            unwritten.merge(customer, 1L, Long::sum);
            return new Decision(false, 0);
        }
        Long skipped = unwritten.remove(customer);
        return new Decision(true, skipped == null ? 0 : skipped);
    }
}
