package dev.likeness.auth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The lockout: after {@code maxFailures} failed authentications of a user within {@code window},
 * the user is locked out until the oldest of them is older than the window. Kept in PostgreSQL,
 * so it survives restarts and every auth-service instance sees the same count; the database's
 * clock decides, so instances' clocks cannot disagree about it.
 */
public final class LockoutStore {

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

    /** Whether the user has {@code maxFailures} failed authentications within the window. */
    public boolean isLockedOut(String customer, String username) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement count = connection.prepareStatement(
                     "SELECT count(*) FROM auth.authentication_failures WHERE customer = ? AND username = ? "
                             + "AND failed_at > now() - make_interval(secs => ?)")) {
            count.setString(1, customer);
            count.setString(2, username);
            count.setDouble(3, window.toMillis() / 1000.0);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1) >= maxFailures;
            }
        }
    }

    /** Records a failed authentication, and forgets the user's failures older than the window. */
    public void recordFailure(String customer, String username) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement forget = connection.prepareStatement(
                     "DELETE FROM auth.authentication_failures WHERE customer = ? AND username = ? "
                             + "AND failed_at <= now() - make_interval(secs => ?)");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO auth.authentication_failures (customer, username) VALUES (?, ?)")) {
            forget.setString(1, customer);
            forget.setString(2, username);
            forget.setDouble(3, window.toMillis() / 1000.0);
            forget.executeUpdate();
            insert.setString(1, customer);
            insert.setString(2, username);
            insert.executeUpdate();
        }
    }

    /**
     * A successful authentication: the user's failures are forgotten. (An admin unlock does the same with its audit record:
     * UserAdministration.unlock.)
     */
    public void clear(String customer, String username) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM auth.authentication_failures WHERE customer = ? AND username = ?")) {
            delete.setString(1, customer);
            delete.setString(2, username);
            delete.executeUpdate();
        }
    }
}
