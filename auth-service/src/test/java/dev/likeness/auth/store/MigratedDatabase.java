package dev.likeness.auth.store;

import dev.likeness.database.DatabasePool;
import io.agroal.api.AgroalDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Optional;

/**
 * A real (embedded) PostgreSQL with auth-service's schema, pooled as in the service, for one test
 * class: {@code @RegisterExtension static final MigratedDatabase database = new MigratedDatabase();}
 */
public final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;
    private AgroalDataSource pool;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        pool = secondPool();
        AuthSchema.SCHEMA.migrate(pool);
    }

    public AgroalDataSource pool() {
        return pool;
    }

    /** Another pool on the same database: what a second auth-service instance holds. */
    AgroalDataSource secondPool() {
        return DatabasePool.open(postgres.getJdbcUrl("postgres", "postgres"), Optional.of("postgres"), Optional.empty(), 2);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        pool.close();
        postgres.close();
    }
}
