package dev.likeness.auth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
        List<AuditRecord> records = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT customer, actor, action, username, outcome FROM auth.admin_audit WHERE customer = ? ORDER BY at DESC LIMIT "
                     + "?")) {
            select.setString(1, customer);
            select.setInt(2, limit);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    records.add(new AuditRecord(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5)));
                }
            }
        }
        return records;
    }
}
