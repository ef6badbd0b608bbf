package dev.likeness.auth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What a customer may do to its users' data, each change in one transaction with its audit record
 * (never a change without its record, nor the reverse): erase a user (the template and the lockout
 * state: after it, authentication finds no such user) and unlock one.
 */
public final class UserAdministration {

    /** One audit record. */
    public record AuditRecord(String customer, String actor, String action, String username, String outcome) {
        AuditRecord withOutcome(String what) {
            return new AuditRecord(customer, actor, action, username, what);
        }
    }

    /** One record as the audit read gives it: with its id (the paging cursor) and when it was written. */
    public record AuditEntry(long id, Instant at, AuditRecord record) {
    }

    /** Which records to read: the customer's, optionally of one user or action, older than {@code before}, newest first. */
    public record AuditQuery(String customer, Optional<String> username, Optional<String> action, Optional<Long> before, int limit) {
    }

    private static final String DELETE_FAILURES = "DELETE FROM auth.authentication_failures WHERE customer = ? AND username = ?";
    private static final String DELETE_HARD_LOCK = "DELETE FROM auth.hard_locks WHERE customer = ? AND username = ?";
    private static final String INSERT_AUDIT = "INSERT INTO auth.admin_audit (customer, actor, action, username, outcome) VALUES (?, ?, "
            + "?, ?, ?)";
    private final DataSource database;

    public UserAdministration(DataSource database) {
        this.database = database;
    }

    /**
     * Erases everything kept about the user, and records {@code audit} (its outcome completed with
     * what was erased) in the same transaction: an erasure is never without its record, nor the
     * reverse. True when there was a template.
     */
    public boolean erase(String customer, String username, AuditRecord audit) throws SQLException {
        return inTransaction(connection -> {
            int erased = delete(connection, "DELETE FROM auth.templates WHERE customer = ? AND username = ?", customer, username);
            delete(connection, DELETE_FAILURES, customer, username);
            delete(connection, DELETE_HARD_LOCK, customer, username);
            insert(connection, audit.withOutcome(erased == 1 ? "erased" : "nothing stored"));
            return erased == 1;
        });
    }

    /**
     * Forgets the user's failed authentications and lifts a hard lock (a locked-out user may try
     * again at once), with {@code audit} in the same transaction, as an erasure. True when there
     * was something to forget.
     */
    public boolean unlock(String customer, String username, AuditRecord audit) throws SQLException {
        return inTransaction(connection -> {
            int forgotten = delete(connection, DELETE_FAILURES, customer, username);
            forgotten += delete(connection, DELETE_HARD_LOCK, customer, username);
            insert(connection, audit.withOutcome(forgotten > 0 ? "unlocked" : "nothing to unlock"));
            return forgotten > 0;
        });
    }

    private interface Work {
        boolean run(Connection connection) throws SQLException;
    }

    private boolean inTransaction(Work work) throws SQLException {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static int delete(Connection connection, String statement, String customer, String username) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(statement)) {
            delete.setString(1, customer);
            delete.setString(2, username);
            return delete.executeUpdate();
        }
    }

    public void audit(AuditRecord record) throws SQLException {
        try (Connection connection = database.getConnection()) {
            insert(connection, record);
        }
    }

    private static void insert(Connection connection, AuditRecord record) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_AUDIT)) {
            insert.setString(1, record.customer());
            insert.setString(2, record.actor());
            insert.setString(3, record.action());
            insert.setString(4, record.username());
            insert.setString(5, record.outcome());
            insert.executeUpdate();
        }
    }

    /** The customer's audit records, newest first. */
    public List<AuditRecord> auditOf(String customer, int limit) throws SQLException {
        return audit(new AuditQuery(customer, Optional.empty(), Optional.empty(), Optional.empty(), limit)).stream()
                .map(AuditEntry::record).toList();
    }

    /** One page of the customer's audit, newest first. */
    public List<AuditEntry> audit(AuditQuery query) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, at, customer, actor, action, username, outcome "
                     + "FROM auth.admin_audit WHERE customer = ? AND (?::text IS NULL OR username = ?) AND (?::text IS NULL OR action = ?) "
                     + "AND (?::bigint IS NULL OR id < ?) ORDER BY id DESC LIMIT ?")) {
            select.setString(1, query.customer());
            select.setString(2, query.username().orElse(null));
            select.setString(3, query.username().orElse(null));
            select.setString(4, query.action().orElse(null));
            select.setString(5, query.action().orElse(null));
            select.setObject(6, query.before().orElse(null), Types.BIGINT);
            select.setObject(7, query.before().orElse(null), Types.BIGINT);
            select.setInt(8, query.limit());
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new AuditEntry(rows.getLong(1), rows.getTimestamp(2).toInstant(), new AuditRecord(rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7))));
                }
            }
        }
        return entries;
    }

    /** Deletes audit records older than {@code retention}, every customer's; how many went. */
    public int forgetAuditOlderThan(Duration retention) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM auth.admin_audit WHERE at < now() - make_interval(secs => ?)")) {
            delete.setDouble(1, retention.toSeconds());
            return delete.executeUpdate();
        }
    }
}
