package dev.likeness.auth.store;

import dev.likeness.database.DatabasePool;
import dev.likeness.database.PostgresUsedTokens;
import dev.likeness.testsupport.EmbeddedDatabase;
import io.agroal.api.AgroalDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One PostgreSQL role per service, as deploy/ sets them up: each service migrates its own schema
 * and owns it, and no other role can read or change it. A stolen gateway or verifier credential
 * cannot delete lockout or audit rows, read templates, or clear another ledger.
 */
class RolePerServiceTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    static void execute(Connection connection, String... statements) throws SQLException {
        try (var statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    AgroalDataSource as(String role) {
        Matcher port = Pattern.compile("localhost:(\\d+)/").matcher(database.jdbcUrl());
        assertThat(port.find()).isTrue();
        return database.closedAfterAll(DatabasePool.open("jdbc:postgresql://localhost:" + port.group(1) + "/likeness",
                Optional.of(role), Optional.empty(), 2));
    }

    static void run(AgroalDataSource pool, String sql) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            execute(connection, sql);
        }
    }

    @Test
    void eachServicesRoleReachesOnlyItsOwnSchema() throws Exception {
        try (AgroalDataSource admin = DatabasePool.open(database.jdbcUrl(), Optional.of(EmbeddedDatabase.USER), Optional.empty(), 2);
             Connection connection = admin.getConnection()) {
            execute(connection, "CREATE DATABASE likeness", "CREATE ROLE likeness_auth LOGIN", "CREATE ROLE likeness_gateway LOGIN",
                    "CREATE ROLE likeness_verifier LOGIN",
                    "GRANT CREATE ON DATABASE likeness TO likeness_auth, likeness_gateway, likeness_verifier");
        }
        AgroalDataSource auth = as("likeness_auth");
        AgroalDataSource gateway = as("likeness_gateway");
        AgroalDataSource verifier = as("likeness_verifier");
        AuthSchema.SCHEMA.migrate(auth);
        run(auth, "INSERT INTO auth.authentication_failures (customer, username, session_id) VALUES ('demo', 'alice', 's-1')");
        PostgresUsedTokens.migrate(gateway, "gateway");
        PostgresUsedTokens.migrate(verifier, "verifier");
        assertThat(new PostgresUsedTokens(gateway, "gateway", Clock.systemUTC()).firstUse("demo", "jti-1", Instant.now().plusSeconds(60)))
                .as("each works in its own schema").isTrue();

        for (String attack : new String[] {"DELETE FROM auth.authentication_failures", "DELETE FROM auth.admin_audit",
            "SELECT * FROM auth.templates", "DROP TABLE auth.hard_locks", "DELETE FROM verifier.used_tokens"}) {
            assertThatThrownBy(() -> run(gateway, attack)).as("the gateway's role: " + attack).hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> run(verifier, "DELETE FROM gateway.used_tokens")).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> run(auth, "DELETE FROM gateway.used_tokens")).hasMessageContaining("permission denied");
        run(auth, "DELETE FROM auth.authentication_failures WHERE session_id = 's-1'");
    }
}
