package dev.likeness.verifier;

import dev.likeness.database.LedgerSettings;
import dev.likeness.database.UsedTokens;
import dev.likeness.database.UsedTokensLedger;
import dev.likeness.verifier.domain.CachedJwks;
import dev.likeness.verifier.domain.CallerKeys;
import dev.likeness.verifier.domain.JwksTransport;
import dev.likeness.verifier.domain.TransactionTokenVerifier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the verifier from configuration. */
@ApplicationScoped
public class VerifierBeans {

    private static final Logger LOG = Logger.getLogger(VerifierBeans.class);

    /**
     * The used-token ledger (database/'s {@link UsedTokensLedger}): PostgreSQL in schema {@code verifier}
     * when likeness.verifier.used-tokens.url is set, else memory.
     */
    @Produces
    LedgerSettings ledgerSettings(VerifierConfig config) {
        return new LedgerSettings(config.usedTokens(), "verifier", "likeness.verifier");
    }

    /** The customers' caller keys (their hashes); with none, every request is refused, and the start says so. */
    @Produces
    @ApplicationScoped
    CallerKeys callerKeys(VerifierConfig config) {
        Map<String, List<String>> hashes = new HashMap<>();
        config.customers().forEach((customer, settings) -> hashes.put(customer, settings.callerKeySha256()));
        CallerKeys keys = new CallerKeys(hashes);
        if (keys.isEmpty()) {
            LOG.warn("no likeness.verifier.customers.<name>.caller-key-sha256 configured: every verification request is refused (401)");
        }
        return keys;
    }

    @Produces
    @ApplicationScoped
    TransactionTokenVerifier verifier(VerifierConfig config, MeterRegistry meters, UsedTokens usedTokens) {
        URI jwks = URI.create(config.jwksUrl());
        var keys = new CachedJwks(jwks, JwksTransport.client(jwks, config.jwksCaFile()), config.jwksCacheLifetime(),
                config.jwksMinRefetchInterval(), config.jwksMaxKeyAge(), Clock.systemUTC());
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
