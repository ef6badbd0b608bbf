package dev.likeness.auth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Enrolled templates, sealed, one per (customer, username), in the {@code auth} schema
 * ({@link AuthSchema}). Each call borrows a connection from the pool it is given.
 */
public final class TemplateStore {

    private final DataSource database;

    public TemplateStore(DataSource database) {
        this.database = database;
    }

    /** Stores a sealed template; false when the user is enrolled already (the row is left as it was). */
    public boolean enroll(String customer, String username, byte[] sealedTemplate) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO auth.templates (customer, username, template) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, customer);
            insert.setString(2, username);
            insert.setBytes(3, sealedTemplate);
            return insert.executeUpdate() == 1;
        }
    }

    /**
     * Replaces a stored template that is still {@code expected} (one of an earlier model) with
     * {@code sealedTemplate}; false when the row changed meanwhile (another enrollment won).
     */
    public boolean replace(String customer, String username, byte[] expected, byte[] sealedTemplate) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE auth.templates SET template = ?, enrolled_at = now() WHERE customer = ? AND username = ? AND template = ?")) {
            update.setBytes(1, sealedTemplate);
            update.setString(2, customer);
            update.setString(3, username);
            update.setBytes(4, expected);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Swaps a row's sealed template that is still {@code expected} for the same template sealed
     * with another key ({@link TemplateResealer}); its enrollment time stays. False when the row
     * changed or went meanwhile.
     */
    public boolean reseal(String customer, String username, byte[] expected, byte[] resealed) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE auth.templates SET template = ? WHERE customer = ? AND username = ? AND template = ?")) {
            update.setBytes(1, resealed);
            update.setString(2, customer);
            update.setString(3, username);
            update.setBytes(4, expected);
            return update.executeUpdate() == 1;
        }
    }

    /** One stored row: whose template, sealed. */
    public record StoredTemplate(String customer, String username, byte[] sealed) {
    }

    /**
     * Up to {@code limit} rows after ({@code afterCustomer}, {@code afterUsername}) in key order
     * (empty strings: from the start): pages that stay correct while rows are added or erased.
     */
    public List<StoredTemplate> page(String afterCustomer, String afterUsername, int limit) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT customer, username, template FROM auth.templates WHERE (customer, username) > (?, ?) "
                             + "ORDER BY customer, username LIMIT ?")) {
            select.setString(1, afterCustomer);
            select.setString(2, afterUsername);
            select.setInt(3, limit);
            List<StoredTemplate> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new StoredTemplate(row.getString(1), row.getString(2), row.getBytes(3)));
                }
            }
            return rows;
        }
    }

    public Optional<byte[]> find(String customer, String username) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT template FROM auth.templates WHERE customer = ? AND username = ?")) {
            select.setString(1, customer);
            select.setString(2, username);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
        }
    }
}
