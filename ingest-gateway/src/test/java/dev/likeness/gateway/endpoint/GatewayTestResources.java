package dev.likeness.gateway.endpoint;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.crypto.PemKeys;
import dev.likeness.crypto.TransactionDataHash;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
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

    /**
     * For the tests' plain-http calls (/q/metrics, the SDK), HTTP/1.1: the JDK client otherwise offers an upgrade to HTTP/2 over
     * plain http, an exchange that has hung against Vert.x.
     */
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    static KeyPair customerKey;

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(256);
            customerKey = ec.generateKeyPair();
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
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        try {
            jwt.sign(new ECDSASigner((ECPrivateKey) customerKey.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
