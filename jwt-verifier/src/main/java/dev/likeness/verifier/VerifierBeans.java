package dev.likeness.verifier;

import dev.likeness.verifier.domain.CachedJwks;
import dev.likeness.verifier.domain.TransactionTokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.net.URI;
import java.time.Clock;

/** Builds the verifier from configuration. */
public class VerifierBeans {

    @Produces
    @ApplicationScoped
    TransactionTokenVerifier verifier(VerifierConfig config) {
        var keys = new CachedJwks(URI.create(config.jwksUrl()), config.jwksCacheLifetime(),
                config.jwksMinRefetchInterval(), Clock.systemUTC());
        return new TransactionTokenVerifier(keys, config.issuer(), config.clockSkew(), Clock.systemUTC());
    }
}
