package dev.likeness.auth.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a customer may do to its users' data, each call audited: erase a user (the template and the
 * lockout state, in one transaction: after it, authentication finds no such user) and unlock one.
 */
public final class UserAdministration {

    /** One audit record. */
    public record AuditRecord(String customer, String actor, String action, String username, String outcome) {
    }

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
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement templates = connection.prepareStatement("DELETE FROM auth.templates WHERE customer = ? AND username = ?");
                 PreparedStatement failures = connection.prepareStatement(
                         "DELETE FROM auth.authentication_failures WHERE customer = ? AND username = ?");
                 PreparedStatement record = connection.prepareStatement(INSERT_AUDIT)) {
                templates.setString(1, customer);
                templates.setString(2, username);
                int erased = templates.executeUpdate();
                failures.setString(1, customer);
                failures.setString(2, username);
                failures.executeUpdate();
                bind(record, new AuditRecord(audit.customer(), audit.actor(), audit.action(), audit.username(),
                        erased == 1 ? "erased" : "nothing stored"));
                record.executeUpdate();
                connection.commit();
                return erased == 1;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static final String INSERT_AUDIT = "INSERT INTO auth.admin_audit (customer, actor, action, username, outcome) VALUES (?, ?, ?, ?, ?)";

    public void audit(AuditRecord record) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT_AUDIT)) {
            bind(insert, record);
            insert.executeUpdate();
        }
    }

    private static void bind(PreparedStatement insert, AuditRecord record) throws SQLException {
        insert.setString(1, record.customer());
        insert.setString(2, record.actor());
        insert.setString(3, record.action());
        insert.setString(4, record.username());
        insert.setString(5, record.outcome());
    }

    /** The customer's audit records, newest first. */
    public List<AuditRecord> auditOf(String customer, int limit) throws SQLException {
        List<AuditRecord> records = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT customer, actor, action, username, outcome FROM auth.admin_audit WHERE customer = ? ORDER BY at DESC LIMIT ?")) {
            select.setString(1, customer);
            select.setInt(2, limit);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    records.add(new AuditRecord(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5)));
                }
            }
        }
        return records;
    }
}
