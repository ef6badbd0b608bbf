package dev.likeness.database;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * The used-token ledger as a bean, for a service that indexes this jar
 * ({@code quarkus.index-dependency.database.*}) and produces its {@link LedgerSettings}. Built
 * eagerly, so a configured database that cannot be reached stops the start; closed with the service.
 */
@ApplicationScoped
public class UsedTokensLedger {

    private static final Logger LOG = Logger.getLogger(UsedTokensLedger.class);

    /** PostgreSQL when the settings name a database, else memory (with a warning: one local instance only). */
    @Produces
    @Startup
    @ApplicationScoped
    UsedTokens usedTokens(LedgerSettings settings) {
        return UsedTokens.configured(settings.database(), settings.schema(), Clock.systemUTC(),
                warning -> LOG.warn(settings.configPrefix() + ": " + warning));
    }

    void close(@Disposes UsedTokens ledger) throws Exception {
        if (ledger instanceof AutoCloseable pool) {
            pool.close();
        }
    }
}
