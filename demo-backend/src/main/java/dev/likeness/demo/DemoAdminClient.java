package dev.likeness.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.crypto.TrustAnchors;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * How a customer's backend calls auth-service's admin API: a fresh admin token per call (ES256,
 * audience likeness-admin, the acting person as subject, two minutes, single use), then the call.
 * The demo signs admin tokens with its user-token key; a real customer should register a separate
 * admin key, kept where only its operators' tooling can use it.
 */
public final class DemoAdminClient {

    /** auth-service's answer: its HTTP status and JSON body. */
    public record Answer(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ECPrivateKey adminKey;
    private final URI adminApi;
    private final HttpClient http;

    /**
     * {@code adminApi}: e.g. {@code https://localhost:8083/v1/admin}; {@code adminApiCa}: the PEM CA
     * certificate(s) auth-service's must chain to (without one, the JDK's).
     */
    public DemoAdminClient(PrivateKey adminKey, URI adminApi, Optional<Path> adminApiCa) {
        if (!(adminKey instanceof ECPrivateKey ec)) {
            throw new IllegalArgumentException("the demo customer signs with an EC P-256 key");
        }
        this.adminKey = ec;
        this.adminApi = adminApi;
        this.http = TrustAnchors.httpClient(adminApiCa, Duration.ofSeconds(3));
    }

    public String mintAdminToken(String actor) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(actor).audience("likeness-admin")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(2))))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        try {
            jwt.sign(new ECDSASigner(adminKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the admin token", e);
        }
        return jwt.serialize();
    }

    /** Erases the user's template and lockout state. */
    public Answer erase(String customer, String username, String actor) throws IOException, InterruptedException {
        return call("DELETE", user(customer, username), mintAdminToken(actor));
    }

    /** Lifts the user's lockout. */
    public Answer unlock(String customer, String username, String actor) throws IOException, InterruptedException {
        return call("POST", user(customer, username) + "/unlock", mintAdminToken(actor));
    }

    /** Any admin call with the token given (a test's forged or replayed one). */
    public Answer call(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminApi + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body()));
    }

    static String user(String customer, String username) {
        return "/customers/" + encode(customer) + "/users/" + encode(username);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
