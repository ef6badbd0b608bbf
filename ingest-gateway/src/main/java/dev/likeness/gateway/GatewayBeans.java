package dev.likeness.gateway;

import dev.likeness.crypto.PemKeys;
import dev.likeness.crypto.UserAuthorization;
import dev.likeness.database.LedgerSettings;
import dev.likeness.database.UsedTokens;
import dev.likeness.database.UsedTokensLedger;
import dev.likeness.gateway.authorization.UserAuthorizationVerifier;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the framework-free parts from configuration, eagerly: the user authorization verifier
 * from the configured customers' key files, so a missing or bad file stops start-up.
 */
@ApplicationScoped
public class GatewayBeans {

    private static final Logger LOG = Logger.getLogger(GatewayBeans.class);

    /**
     * The used-token ledger (database/'s {@link UsedTokensLedger}): PostgreSQL in schema {@code gateway}
     * when likeness.gateway.used-tokens.url is set, else memory.
     */
    @Produces
    LedgerSettings ledgerSettings(GatewayConfig config) {
        return new LedgerSettings(config.usedTokens(), "gateway", "likeness.gateway");
    }

    @Produces
    @Startup
    @ApplicationScoped
    UserAuthorizationVerifier verifier(GatewayConfig config, UsedTokens usedTokens) {
        Map<String, List<Path>> files = new HashMap<>();
        config.customers().forEach((customer, settings) -> files.put(customer, settings.authorizationKeys()));
        Map<String, List<PublicKey>> keys = PemKeys.readPublicKeysByOwner(files, "authorization key");
        LOG.infof("serving %d customer(s): %s", keys.size(), keys.keySet());
        return new UserAuthorizationVerifier(new UserAuthorization(keys, config.tokenAudience(), config.tokenMaxLifetime(),
                config.tokenClockSkew(), Clock.systemUTC()), usedTokens);
    }
}
