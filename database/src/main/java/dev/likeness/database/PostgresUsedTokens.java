package dev.likeness.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The used-token ledger in PostgreSQL, shared by every instance that uses the same database and
 * schema. The replay check is a single upsert keyed by the token: it inserts a token never seen,
 * or takes over the row of one whose memory has lapsed, and otherwise changes nothing. PostgreSQL
 * makes a second concurrent insert of the same key wait for the first and then see its row, so
 * there is no window between a read and a write for a replay to slip through.
 */
public final class PostgresUsedTokens implements UsedTokens, AutoCloseable {

    /** Rows past their time are deleted at most this often per instance, in the call that notices. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DataSource database;
    private final AutoCloseable ownPool;
    private final Clock clock;
    private final String recordUse;
    private final String forgetLapsed;
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.MIN);

    /** A ledger in {@code schema} of {@code database}, which {@link #migrate} has brought up to date. */
    public PostgresUsedTokens(DataSource database, String schema, Clock clock) {
        this(database, null, schema, clock);
    }

    private PostgresUsedTokens(DataSource database, AutoCloseable ownPool, String schema, Clock clock) {
        this.database = database;
        this.ownPool = ownPool;
        this.clock = clock;
        String table = checked(schema) + ".used_tokens";
        this.recordUse = "INSERT INTO " + table + " (token_key, remember_until) VALUES (?, ?) "
                + "ON CONFLICT (token_key) DO UPDATE SET remember_until = EXCLUDED.remember_until "
                + "WHERE " + table + ".remember_until < ?";
        this.forgetLapsed = "DELETE FROM " + table + " WHERE remember_until < ?";
    }

    /**
     * Opens a pool of its own on {@code address} (whose URL is set), brings the ledger's table in
     * {@code schema} up to date, and returns the ledger; {@link #close()} closes the pool. Fails
     * when the database cannot be reached: a service that must not accept a token twice does not
     * start without its ledger.
     */
    public static PostgresUsedTokens connect(LedgerDatabase address, String schema, Clock clock) {
        var pool = DatabasePool.open(address.url().orElseThrow(() -> new IllegalArgumentException("no ledger database URL")),
                address.username(), address.password(), address.poolSize().orElse(2));
        try {
            migrate(pool, schema);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresUsedTokens(pool, pool, schema, clock);
    }

    @Override
    public void close() throws Exception {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    /**
     * Creates or updates the ledger's table in {@code schema}. It keeps its own Flyway history, so
     * it may share a schema with a service's tables (auth-service's admin tokens sit in {@code auth}):
     * in a schema that has tables but no ledger history yet, the history starts at version 0, before
     * the ledger's first migration, so every ledger migration runs.
     */
    public static void migrate(DataSource database, String schema) {
        new SchemaMigrations(checked(schema), "used_tokens_history", "db/used-tokens/", List.of("V1__used_tokens.sql"), Optional.of("0"))
                .migrate(database);
    }

    @Override
    public boolean firstUse(String namespace, String id, Instant rememberUntil) throws UnavailableException {
        Instant now = clock.instant();
        try (Connection connection = database.getConnection()) {
            boolean first;
            try (PreparedStatement insert = connection.prepareStatement(recordUse)) {
                insert.setBytes(1, UsedTokens.keyBytes(namespace, id));
                insert.setObject(2, at(rememberUntil));
                insert.setObject(3, at(now));
                first = insert.executeUpdate() == 1;
            }
            Instant previousSweep = lastSweep.get();
            if (previousSweep.plus(SWEEP_INTERVAL).isBefore(now) && lastSweep.compareAndSet(previousSweep, now)) {
                try (PreparedStatement delete = connection.prepareStatement(forgetLapsed)) {
                    delete.setObject(1, at(now));
                    delete.executeUpdate();
                }
            }
            return first;
        } catch (SQLException e) {
            // The message names the statement's problem or the server, never the token.
            throw new UnavailableException("the used-token ledger cannot be reached: " + e.getMessage(), e);
        }
    }

    /** A timestamptz parameter: an offset time, which the driver sends without the JVM's time zone in between. */
    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String checked(String schema) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema name must be lower-case letters, digits and _: " + schema);
        }
        return schema;
    }
}
