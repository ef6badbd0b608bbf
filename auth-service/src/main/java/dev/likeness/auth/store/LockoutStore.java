package dev.likeness.auth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The lockout: a user may have at most {@code maxFailures} authentications that did not succeed
 * within {@code window}; past that, the user is locked out until the oldest is older than the
 * window. An authentication counts when it begins, as a failure until it succeeds, so sessions
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
    private static final String RECORD = "INSERT INTO auth.authentication_failures (customer, username, session_id) VALUES (?, ?, ?) "
            + "ON CONFLICT (customer, username, session_id) WHERE session_id IS NOT NULL DO NOTHING";

    private final DataSource database;
    private final int maxFailures;
    private final Duration window;

    public LockoutStore(DataSource database, int maxFailures, Duration window) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("likeness.auth.lockout.max-failures must be at least 1");
        }
        this.database = database;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /**
     * Begins authentication {@code sessionId} of the user: false, and nothing recorded, when the
     * user already has {@code maxFailures} attempts within the window that did not succeed;
     * otherwise it counts as one of them until {@link #succeeded}. A session that began before
     * (its stream reopened by another relay, say) is counted once and goes on.
     */
    public boolean begin(String customer, String username, String sessionId) throws SQLException {
        try (Connection connection = database.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                lockUser(connection, customer, username);
                forgetOld(connection, customer, username);
                boolean counted = count(connection, COUNTED, customer, username, sessionId) > 0;
                boolean allowed = counted || count(connection, COUNT, customer, username, null) < maxFailures;
                if (allowed && !counted) {
                    record(connection, customer, username, sessionId);
                }
                connection.commit();
                return allowed;
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

    /** Whether the user has {@code maxFailures} attempts within the window that did not succeed. */
    public boolean isLockedOut(String customer, String username) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement count = connection.prepareStatement(COUNT + " AND failed_at > now() - make_interval(secs => ?)")) {
            count.setString(1, customer);
            count.setString(2, username);
            count.setDouble(3, window.toMillis() / 1000.0);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1) >= maxFailures;
            }
        }
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
            forget.setDouble(3, window.toMillis() / 1000.0);
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
