package dev.likeness.database;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.agroal.pool.DataSource;
import org.postgresql.Driver;

import java.time.Duration;
import java.util.Optional;

/**
 * Agroal's connection pool over PostgreSQL's driver: connections are opened once and reused. Every
 * session looks its user's template up (auth-service) and records its token (the gateway), and
 * opening a PostgreSQL connection forks a server process, so a connection per call cost more CPU
 * than the query (see the load issue's closing note).
 * Built here rather than by Quarkus's datasource extension because the local stack's database is
 * the embedded one this service starts, whose address exists only at run time.
 */
public final class DatabasePool {

    /** How long a caller waits for a free connection before the session fails (SERVER_UNAVAILABLE). */
    static final Duration ACQUISITION_TIMEOUT = Duration.ofSeconds(5);
    /** An idle connection is checked before reuse when it has not been for this long. */
    static final Duration IDLE_VALIDATION = Duration.ofMinutes(1);

    /** Flyway holds one connection for its lock while it migrates on another. */
    static final int MIN_MAX_SIZE = 2;

    private DatabasePool() {
    }

    /**
     * A pool of at most {@code maxSize} connections (at least {@link #MIN_MAX_SIZE}). A database
     * beyond this host must be reached over TLS with its certificate verified
     * ({@link DatabaseUrls#requireVerifiedTls}); otherwise no pool is made.
     */
    public static AgroalDataSource open(String jdbcUrl, Optional<String> username, Optional<String> password, int maxSize) {
        DatabaseUrls.requireVerifiedTls(jdbcUrl);
        AgroalDataSourceConfigurationSupplier configuration = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .initialSize(1)
                        .minSize(1)
                        .maxSize(Math.max(MIN_MAX_SIZE, maxSize))
                        .acquisitionTimeout(ACQUISITION_TIMEOUT)
                        .idleValidationTimeout(IDLE_VALIDATION)
                        .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidator())
                        // After a database restart every pooled connection is dead: checked when
                        // borrowed (an empty query on loopback, well under a millisecond) and thrown
                        // away on a connection-class error, so no session fails on a stale one.
                        .validateOnBorrow(true)
                        .exceptionSorter(new PostgreSQLExceptionSorter())
                        .connectionFactoryConfiguration(factory -> {
                            factory.jdbcUrl(jdbcUrl).connectionProviderClass(Driver.class);
                            username.ifPresent(name -> factory.principal(new NamePrincipal(name)));
                            password.ifPresent(secret -> factory.credential(new SimplePassword(secret)));
                            return factory;
                        }));
        try {
            return new DataSource(configuration.get());
        } catch (RuntimeException e) {
            // Agroal's message may quote the URL; credentials are never part of it, the password is a separate credential.
            throw new IllegalStateException("cannot create the database connection pool: " + e.getMessage(), e);
        }
    }
}
