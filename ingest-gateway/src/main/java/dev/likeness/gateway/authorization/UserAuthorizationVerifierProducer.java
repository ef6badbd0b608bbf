package dev.likeness.gateway.authorization;

import dev.likeness.crypto.PemKeys;
import dev.likeness.gateway.GatewayConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the verifier from the configured customers' key files, eagerly: a missing or bad file stops start-up. */
public class UserAuthorizationVerifierProducer {

    private static final Logger LOG = Logger.getLogger(UserAuthorizationVerifierProducer.class);

    @Produces
    @Startup
    @ApplicationScoped
    UserAuthorizationVerifier verifier(GatewayConfig config) {
        Map<String, List<PublicKey>> keys = new HashMap<>();
        config.customers().forEach((customer, settings) -> {
            List<PublicKey> customerKeys = new ArrayList<>();
            for (Path file : settings.authorizationKeys()) {
                try {
                    customerKeys.add(PemKeys.readPublicKey(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("authorization key of customer " + customer + " unreadable: " + file, e);
                }
            }
            keys.put(customer, customerKeys);
        });
        LOG.infof("serving %d customer(s): %s", keys.size(), keys.keySet());
        return new UserAuthorizationVerifier(keys, config.tokenAudience(), config.tokenMaxLifetime(),
                config.tokenClockSkew(), Clock.systemUTC());
    }
}
