package dev.likeness.auth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The lockout: a user may have {@code maxFailures} authentications that did not succeed; past
 * that, each further attempt waits a back-off after the latest one, {@code window} at first and
 * doubling with each further {@code maxFailures} (with 5 and 600 s: 10 minutes after the 5th, 20
 * after the 10th, 40 after the 15th); at {@code hardLockFailures} within {@code hardLockPeriod}
 * the user is locked until the customer unlocks them. So a day gives an impostor at most
 * {@code hardLockFailures} guesses at one user, where a sliding window alone gave hundreds. A
 * success forgets the user's attempts. An authentication counts when it begins, as a failure until it succeeds, so sessions
 * opened at once for one user get no more guesses than sessions one after another; one that never
 * decides ages out as a failure. Kept in PostgreSQL, so it survives restarts and every auth-service
 * instance sees the same count; the check and the count are one transaction under a lock on the
 * user, and the database's clock decides, so instances' clocks cannot disagree about it.
 */
public final class LockoutStore {

    /** Two hashes as the lock's two keys: two users whose hashes collide only wait for each other, their counts stay apart. */
    private static final String LOCK_USER = "SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))";
    private static final String FORGET_OLD = "DELETE FROM auth.authentication_failures WHERE customer = ? AND username = ? "
            + "AND failed_at <= now() - make_interval(secs => ?)";
    private static final String COUNT = "SELECT count(*) FROM auth.authentication_failures WHERE customer = ? AND username = ?";
    private static final String COUNTED = COUNT + " AND session_id = ?";
    /** The attempts within the period, and the seconds since the latest (by the database's clock). */
    private static final String RECENT = "SELECT count(*), coalesce(extract(epoch FROM now() - max(failed_at)), 0) "
            + "FROM auth.authentication_failures WHERE customer = ? AND username = ? AND failed_at > now() - make_interval(secs => ?)";
    private static final String HARD_LOCKED = "SELECT count(*) FROM auth.hard_locks WHERE customer = ? AND username = ?";
    private static final String HARD_LOCK = "INSERT INTO auth.hard_locks (customer, username) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String RECORD = "INSERT INTO auth.authentication_failures (customer, username, session_id) VALUES (?, ?, ?) "
            + "ON CONFLICT (customer, username, session_id) WHERE session_id IS NOT NULL DO NOTHING";

    private final DataSource database;
    private final int maxFailures;
    private final Duration window;
    private final int hardLockFailures;
    private final Duration hardLockPeriod;

    /** Whether a user may begin an authentication now, and if not, which lock holds. */
    public enum State {
        OPEN, BACKING_OFF, HARD_LOCKED
    }

    /** With the default hard lock: 20 attempts that did not succeed within 24 hours. */
    public LockoutStore(DataSource database, int maxFailures, Duration window) {
        this(database, maxFailures, window, 20, Duration.ofHours(24));
    }

    public LockoutStore(DataSource database, int maxFailures, Duration window, int hardLockFailures, Duration hardLockPeriod) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("likeness.auth.lockout.max-failures must be at least 1");
        }
        if (hardLockFailures < maxFailures) {
            throw new IllegalArgumentException("likeness.auth.lockout.hard-lock-failures must be at least max-failures");
        }
        this.database = database;
        this.maxFailures = maxFailures;
        this.window = window;
        this.hardLockFailures = hardLockFailures;
        this.hardLockPeriod = hardLockPeriod;
    }

    /**
     * Begins authentication {@code sessionId} of the user: false, and nothing recorded, when the
     * user already has {@code maxFailures} attempts within the window that did not succeed;
     * otherwise it counts as one of them until {@link #succeeded}. A session that began before
     * (its stream reopened by another relay, say) is counted once and goes on.
     */
    public boolean begin(String customer, String username, String sessionId) throws SQLException {
        return beginning(customer, username, sessionId) == State.OPEN;
    }

    /** {@link #begin}, saying which lock refused it (for metrics). */
    public State beginning(String customer, String username, String sessionId) throws SQLException {
        try (Connection connection = database.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                lockUser(connection, customer, username);
                forgetOld(connection, customer, username);
                boolean counted = count(connection, COUNTED, customer, username, sessionId) > 0;
                State state = counted ? State.OPEN : state(connection, customer, username);
                if (state == State.OPEN && !counted) {
                    record(connection, customer, username, sessionId);
                }
                connection.commit();
                return state;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * Authentication {@code sessionId} failed. It counted from its beginning; recorded again in
     * case an unlock forgot it meanwhile.
     */
    public void failed(String customer, String username, String sessionId) throws SQLException {
        try (Connection connection = database.getConnection()) {
            record(connection, customer, username, sessionId);
        }
    }

    /**
     * A successful authentication: the user's failures are forgotten. (An admin unlock does the
     * same with its audit record: UserAdministration.unlock.)
     */
    public void succeeded(String customer, String username) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM auth.authentication_failures WHERE customer = ? AND username = ?")) {
            delete.setString(1, customer);
            delete.setString(2, username);
            delete.executeUpdate();
        }
    }

    /** Whether the user may not begin an authentication now (backing off or hard-locked). */
    public boolean isLockedOut(String customer, String username) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return state(connection, customer, username) != State.OPEN;
        }
    }

    /**
     * The policy, on the user's attempts that did not succeed: hard-locked (recorded, and made so
     * when this is the attempt that reaches the limit), backing off, or open.
     */
    private State state(Connection connection, String customer, String username) throws SQLException {
        if (count(connection, HARD_LOCKED, customer, username, null) > 0) {
            return State.HARD_LOCKED;
        }
        long attempts;
        double sinceLatest;
        try (PreparedStatement recent = connection.prepareStatement(RECENT)) {
            recent.setString(1, customer);
            recent.setString(2, username);
            recent.setDouble(3, hardLockPeriod.toMillis() / 1000.0);
            try (ResultSet row = recent.executeQuery()) {
                row.next();
                attempts = row.getLong(1);
                sinceLatest = row.getDouble(2);
            }
        }
        if (attempts >= hardLockFailures) {
            try (PreparedStatement lock = connection.prepareStatement(HARD_LOCK)) {
                lock.setString(1, customer);
                lock.setString(2, username);
                lock.executeUpdate();
            }
            return State.HARD_LOCKED;
        }
        return attempts >= maxFailures && sinceLatest * 1000 < backOff(attempts).toMillis() ? State.BACKING_OFF : State.OPEN;
    }

    /** The wait after the latest attempt once a user has {@code attempts}: the window, doubled per further maxFailures. */
    Duration backOff(long attempts) {
        long doublings = Math.min(attempts / maxFailures - 1, 20);
        return window.multipliedBy(1L << doublings);
    }

    /** Until the transaction ends, the only one counting this user's attempts, whichever instance holds it. */
    private static void lockUser(Connection connection, String customer, String username) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_USER)) {
            lock.setString(1, customer);
            lock.setString(2, username);
            lock.execute();
        }
    }

    private void forgetOld(Connection connection, String customer, String username) throws SQLException {
        try (PreparedStatement forget = connection.prepareStatement(FORGET_OLD)) {
            forget.setString(1, customer);
            forget.setString(2, username);
            // Kept as long as any rule looks back: the hard lock's period, or the window if longer.
            forget.setDouble(3, Math.max(window.toMillis(), hardLockPeriod.toMillis()) / 1000.0);
            forget.executeUpdate();
        }
    }

    private static long count(Connection connection, String query, String customer, String username, String sessionId)
            throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(query)) {
            count.setString(1, customer);
            count.setString(2, username);
            if (sessionId != null) {
                count.setString(3, sessionId);
            }
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void record(Connection connection, String customer, String username, String sessionId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setString(1, customer);
            insert.setString(2, username);
            insert.setString(3, sessionId);
            insert.executeUpdate();
        }
    }
}
