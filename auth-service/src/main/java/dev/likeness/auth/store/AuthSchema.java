package dev.likeness.auth.store;

import dev.likeness.database.SchemaMigrations;

import java.util.List;
import java.util.Optional;

/**
 * The {@code auth} schema: templates, lockout state, the admin audit, from the versioned SQL files
 * in {@code db/migration}. A database the pre-Flyway releases created (its table made by hand, no
 * history) is baselined at version 1, which is that same schema.
 */
public final class AuthSchema {

    public static final String NAME = "auth";
    /** Every migration, in order. Add a file to db/migration and its name here. */
    public static final List<String> MIGRATIONS = List.of("V1__templates.sql", "V2__authentication_failures.sql", "V3__admin_audit.sql",
            "V4__authentication_attempts.sql", "V5__hard_locks.sql",
            "V6__admin_audit_ids.sql");
    /** Flyway's default history table, which the schema has had since its first release. */
    public static final SchemaMigrations SCHEMA = new SchemaMigrations(NAME, "flyway_schema_history", "db/migration/", MIGRATIONS,
            Optional.of("1"));

    private AuthSchema() {
    }
}
