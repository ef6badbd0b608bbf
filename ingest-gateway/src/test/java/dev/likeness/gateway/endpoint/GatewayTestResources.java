package dev.likeness.gateway.endpoint;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.likeness.crypto.PemKeys;
import dev.likeness.crypto.TransactionDataHash;
import dev.likeness.testsupport.TestKeys;
import dev.likeness.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A customer key pair for the test and in-memory channels in place of Kafka: this test is about
 * the gateway alone; the system tests run it against the real broker.
 */
public class GatewayTestResources implements QuarkusTestResourceLifecycleManager {

    static KeyPair customerKey;

    @Override
    public Map<String, String> start() {
        try {
            customerKey = TestKeys.ec();
            Path keyFile = Files.createTempFile("gateway-test-customer", ".pem");
            keyFile.toFile().deleteOnExit(); // nothing left in the temporary folder after the run
            PemKeys.writePublicKey(customerKey.getPublic(), keyFile);
            Map<String, String> config = new HashMap<>();
            config.put("likeness.gateway.customers.demo.authorization-keys", keyFile.toString());
            // The tests' Java client sends no Origin; one test sends a foreign one.
            config.put("likeness.gateway.customers.demo.allow-missing-origin", "true");
            config.put("likeness.gateway.customers.demo.allowed-origins", "https://bank.example");
            config.put("likeness.gateway.session-timeout", "3s");
            config.put("likeness.gateway.frame-result-timeout", "1s");
            config.put("likeness.gateway.instance-id", "gateway-test");
            config.put("likeness.gateway.reply-partition", "2");
            config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("frames"));
            config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("session-events"));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the customer's backend hands a user for one session: ES256, aud likeness, 5 minutes,
     * single use, for this operation and transaction data.
     */
    static String userToken(String username, String operation, String transactionData) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(username).audience("likeness")
                .claim("op", operation).claim("td_hash", TransactionDataHash.of(transactionData))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString()).build();
        return TestTokens.signed(customerKey.getPrivate(), claims);
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
