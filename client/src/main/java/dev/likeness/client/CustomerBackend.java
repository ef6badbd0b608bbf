package dev.likeness.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.crypto.TransactionDataHash;
import dev.likeness.crypto.TrustAnchors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A customer's backend, as far as Likeness is concerned: it mints the user authorization token for
 * a session and, after the session, asks jwt-verifier whether the transaction JWT the browser
 * reported is genuine. This is the part of a customer's system that holds a private key, never the
 * browser. The demo backend, the system tests and `./likeness smoke` play it.
 */
public final class CustomerBackend {

    /** jwt-verifier's answer. */
    public record Verification(boolean valid, String reason, JsonNode claims) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ECPrivateKey authorizationKey;
    private final String audience;
    private final URI verifier;
    private final String verifierKey;
    private final HttpClient http;

    /**
     * {@code verifierKey}: this customer's caller key for jwt-verifier; {@code verifierCa}: the PEM
     * CA certificate(s) the verifier's must chain to (without one, the JDK's).
     */
    public CustomerBackend(PrivateKey authorizationKey, String audience, URI verifier, String verifierKey, Optional<Path> verifierCa) {
        if (!(authorizationKey instanceof ECPrivateKey ec)) {
            throw new IllegalArgumentException("a customer signs user tokens with an EC P-256 key");
        }
        this.authorizationKey = ec;
        this.audience = audience;
        this.verifier = verifier;
        this.verifierKey = verifierKey;
        this.http = TrustAnchors.httpClient(verifierCa, Duration.ofSeconds(3));
    }

    /**
     * A user authorization token for one session: ES256, sub = username, 5 minutes, single use,
     * for one operation ({@code op}: enroll or auth) on one transaction data ({@code td_hash}: its
     * SHA-256, base64url). The gateway refuses a Start that asks for anything else.
     */
    public String mintUserToken(String username, String operation, String transactionData) {
        return mintUserToken(username, operation, transactionData, Instant.now(), Duration.ofMinutes(5));
    }

    public String mintUserToken(String username, String operation, String transactionData, Instant issuedAt, Duration lifetime) {
        return mint(username, operation, transactionData, issuedAt, lifetime).token();
    }

    /** A user token and its id ({@code jti}), which the transaction JWT of its session carries as {@code nonce}. */
    public record UserToken(String token, String id) {
    }

    /** As {@link #mintUserToken(String, String, String)}, with the token's id. */
    public UserToken mint(String username, String operation, String transactionData) {
        return mint(username, operation, transactionData, Instant.now(), Duration.ofMinutes(5));
    }

    private UserToken mint(String username, String operation, String transactionData, Instant issuedAt, Duration lifetime) {
        String id = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(username)
                .audience(audience)
                .claim("op", operation)
                .claim(TransactionDataHash.CLAIM, TransactionDataHash.of(transactionData))
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .jwtID(id)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        try {
            jwt.sign(new ECDSASigner(authorizationKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the user token", e);
        }
        return new UserToken(jwt.serialize(), id);
    }

    /**
     * POST /v1/verify on jwt-verifier: is this the JWT of {@code username}'s {@code operation} on
     * {@code transactionData}? The username is the user this backend is logging in, never one the
     * browser reports: another user's genuine JWT must not log this one in.
     */
    public Verification verify(String transactionJwt, String customer, String username, String operation, String transactionData)
            throws IOException, InterruptedException {
        return verify(transactionJwt, customer, username, operation, transactionData, Optional.empty());
    }

    /**
     * As {@link #verify(String, String, String, String, String)}, and the JWT must come from the
     * session started with the user token whose {@code jti} is {@code nonce}: the login this backend began.
     */
    public Verification verify(String transactionJwt, String customer, String username, String operation, String transactionData,
                               Optional<String> nonce) throws IOException, InterruptedException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("token", transactionJwt);
        body.put("customer", customer);
        body.put("username", username);
        body.put("operation", operation);
        body.put("transactionData", transactionData);
        nonce.ifPresent(id -> body.put("nonce", id));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(verifier)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + verifierKey)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("jwt-verifier answered HTTP " + response.statusCode() + ": " + response.body());
        }
        JsonNode verdict = JSON.readTree(response.body());
        return new Verification(verdict.path("valid").asBoolean(false), verdict.path("reason").asText(null), verdict.path("claims"));
    }
}
