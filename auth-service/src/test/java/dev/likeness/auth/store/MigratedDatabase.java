package dev.likeness.auth.store;

import dev.likeness.database.DatabasePool;
import dev.likeness.testsupport.EmbeddedDatabase;
import io.agroal.api.AgroalDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Optional;

/**
 * A real (embedded) PostgreSQL with auth-service's schema, pooled as in the service, for one test
 * class: {@code @RegisterExtension static final MigratedDatabase database = new MigratedDatabase();}
 */
public final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {

    private final EmbeddedDatabase database = new EmbeddedDatabase();
    private AgroalDataSource pool;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        database.beforeAll(context);
        pool = secondPool();
        AuthSchema.SCHEMA.migrate(pool);
    }

    public AgroalDataSource pool() {
        return pool;
    }

    /** Another pool on the same database: what a second auth-service instance holds. Closed with the database. */
    public AgroalDataSource secondPool() {
        return database.closedAfterAll(DatabasePool.open(database.jdbcUrl(), Optional.of(EmbeddedDatabase.USER), Optional.empty(), 2));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        database.afterAll(context);
    }
}
