package dev.likeness.verifier;

import dev.likeness.database.UsedTokens;
import dev.likeness.verifier.domain.CachedJwks;
import dev.likeness.verifier.domain.TransactionTokenVerifier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** Builds the verifier from configuration. */
@ApplicationScoped
public class VerifierBeans {

    /** The schema of the verifier's used-token ledger. */
    static final String LEDGER_SCHEMA = "verifier";
    private static final Logger LOG = Logger.getLogger(VerifierBeans.class);

    private UsedTokens ledger;

    /** The used-token ledger: PostgreSQL when likeness.verifier.used-tokens.url is set (unreachable at start: no start), else memory. */
    @Produces
    @Startup
    @ApplicationScoped
    UsedTokens usedTokens(VerifierConfig config) {
        ledger = UsedTokens.configured(config.usedTokens(), LEDGER_SCHEMA, Clock.systemUTC(),
                warning -> LOG.warn("likeness.verifier: " + warning));
        return ledger;
    }

    @PreDestroy
    void closeLedger() throws Exception {
        if (ledger instanceof AutoCloseable pool) {
            pool.close();
        }
    }

    @Produces
    @ApplicationScoped
    TransactionTokenVerifier verifier(VerifierConfig config, MeterRegistry meters, UsedTokens usedTokens) {
        var keys = new CachedJwks(URI.create(config.jwksUrl()), config.jwksCacheLifetime(),
                config.jwksMinRefetchInterval(), Clock.systemUTC());
        observe(keys, meters);
        return new TransactionTokenVerifier(keys, config.issuer(), config.clockSkew(), usedTokens, Clock.systemUTC());
    }

    /**
     * The JWKS fetches by outcome and the age of the keys in use (NaN before the first fetch): a
     * verifier that cannot reach auth-service keeps verifying with the keys it has, and would miss
     * a rotation; these make that visible.
     */
    private static void observe(CachedJwks keys, MeterRegistry meters) {
        FunctionCounter.builder("likeness.verifier.jwks.fetches", keys, CachedJwks::succeededFetches)
                .tag("outcome", "fetched").description("JWKS fetches from auth-service, by outcome").register(meters);
        FunctionCounter.builder("likeness.verifier.jwks.fetches", keys, CachedJwks::failedFetches)
                .tag("outcome", "failed").description("JWKS fetches from auth-service, by outcome").register(meters);
        Gauge.builder("likeness.verifier.jwks.age", keys, k -> k.keysFetchedAt()
                        .map(at -> Duration.between(at, Clock.systemUTC().instant()).toMillis() / 1000.0).orElse(Double.NaN))
                .baseUnit("seconds").description("How long ago the keys in use were fetched").register(meters);
    }
}
