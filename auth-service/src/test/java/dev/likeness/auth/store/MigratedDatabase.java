package dev.likeness.auth.store;

import io.agroal.api.AgroalDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.util.Optional;

/** A real (embedded) PostgreSQL with auth-service's schema, pooled as in the service, for one test class. */
record MigratedDatabase(EmbeddedPostgres postgres, AgroalDataSource pool) implements AutoCloseable {

    static MigratedDatabase start() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        AgroalDataSource pool = DatabasePool.open(postgres.getJdbcUrl("postgres", "postgres"), Optional.of("postgres"), Optional.empty(), 2);
        SchemaMigrations.migrate(pool);
        return new MigratedDatabase(postgres, pool);
    }

    /** Another pool on the same database: what a second auth-service instance holds. */
    AgroalDataSource secondPool() {
        return DatabasePool.open(postgres.getJdbcUrl("postgres", "postgres"), Optional.of("postgres"), Optional.empty(), 2);
    }

    @Override
    public void close() throws Exception {
        pool.close();
        postgres.close();
    }
}
