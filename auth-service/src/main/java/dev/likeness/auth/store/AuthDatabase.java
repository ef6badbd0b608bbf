package dev.likeness.auth.store;

import dev.likeness.auth.AuthConfig;
import dev.likeness.database.DatabasePool;
import dev.likeness.database.PostgresUsedTokens;
import io.agroal.api.AgroalDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * auth-service's database, open and migrated: the configured PostgreSQL, or, when no URL is
 * configured, an embedded one it starts (the local stack's). Templates, lockout, the admin audit
 * and the used admin tokens all live here; closing it closes the pool, then the embedded server.
 */
public final class AuthDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuthDatabase.class);
    /** The embedded database's superuser, passwordless on loopback (zonky's default). */
    private static final String EMBEDDED_USER = "postgres";

    private final AgroalDataSource pool;
    private final Optional<EmbeddedPostgres> embedded;

    private AuthDatabase(AgroalDataSource pool, Optional<EmbeddedPostgres> embedded) {
        this.pool = pool;
        this.embedded = embedded;
    }

    /** Opens the database {@code settings} name, starting the embedded one if they name none, and migrates it. */
    public static AuthDatabase open(AuthConfig.Database settings) throws IOException {
        Optional<EmbeddedPostgres> embedded = settings.url().isPresent() ? Optional.empty() : Optional.of(startEmbedded(settings));
        AgroalDataSource pool = embedded.isPresent()
                ? DatabasePool.open(embedded.get().getJdbcUrl(EMBEDDED_USER, "postgres"), Optional.of(EMBEDDED_USER), Optional.empty(),
                        settings.poolSize())
                : DatabasePool.open(settings.url().get(), settings.username(), settings.password(), settings.poolSize());
        AuthDatabase database = new AuthDatabase(pool, embedded);
        try {
            AuthSchema.SCHEMA.migrate(pool);
            PostgresUsedTokens.migrate(pool, AuthSchema.NAME);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    public AgroalDataSource pool() {
        return pool;
    }

    @Override
    public void close() throws IOException {
        pool.close();
        if (embedded.isPresent()) {
            embedded.get().close();
        }
    }

    private static EmbeddedPostgres startEmbedded(AuthConfig.Database settings) throws IOException {
        Path directory = settings.embeddedDirectory().toAbsolutePath();
        Files.createDirectories(directory);
        EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(settings.embeddedPort())
                .start();
        LOG.infof("no database URL configured: started an embedded PostgreSQL on port %d with data in %s", embedded.getPort(), directory);
        return embedded;
    }
}
