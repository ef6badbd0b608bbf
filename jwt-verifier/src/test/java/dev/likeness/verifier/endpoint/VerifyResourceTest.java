package dev.likeness.verifier.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.testsupport.TestHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP contract; the test profile points the JWKS at a closed port (the discard port, 9). */
@QuarkusTest
class VerifyResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The demo customer's backend's key; the test profile holds its hash. */
    static final String DEMO_KEY = "test-caller-key-of-demo";

    @TestHTTPResource("/v1/verify")
    URI verify;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    HttpResponse<String> post(String body) throws Exception {
        return post(body, "Bearer " + DEMO_KEY);
    }

    HttpResponse<String> post(String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(verify).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return TestHttp.client().send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Only a customer's backend gets a verdict, and only about its own tokens: no key, a wrong key,
     * or another customer's key asking about demo's tokens are refused before any token is read.
     */
    @Test
    void onlyTheCustomersOwnBackendMayAsk() throws Exception {
        assertThat(post(request("a.b.c"), null).statusCode()).as("no key").isEqualTo(401);
        assertThat(post(request("a.b.c"), null).headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(post(request("a.b.c"), "Bearer test-caller-key-of-dem0").statusCode()).as("a wrong key").isEqualTo(401);
        assertThat(post(request("a.b.c"), "Basic " + DEMO_KEY).statusCode()).as("not a bearer").isEqualTo(401);
        assertThat(post(request("a.b.c"), "Bearer test-caller-key-of-acme").statusCode()).as("acme asking about demo's")
                .isEqualTo(403);
        assertThat(post(request("a.b.c")).statusCode()).as("demo's own backend").isEqualTo(200);
    }

    static String request(String token) throws Exception {
        return JSON.writeValueAsString(Map.of("token", token, "customer", "demo", "username", "grace", "operation", "auth",
                "transactionData", "pay 10 EUR"));
    }

    /**
     * A compressed body is not inflated: the request that gets a verdict as plain JSON is refused
     * gzipped, so no gzip bomb can grow in memory past the body limit.
     */
    @Test
    void aGzippedBodyIsNotInflated() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(request("a.b.c").getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> answer = TestHttp.client().send(HttpRequest.newBuilder(verify).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + DEMO_KEY).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(post(request("a.b.c")).statusCode()).as("the same request, plain").isEqualTo(200);
    }

    @Test
    void aRequestWithoutTokenCustomerOrUsernameIsABadRequest() throws Exception {
        assertThat(post("{\"customer\":\"demo\",\"username\":\"grace\"}").statusCode()).isEqualTo(400);
        assertThat(post("{\"token\":\"a.b.c\",\"username\":\"grace\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> noUser = post("{\"token\":\"a.b.c\",\"customer\":\"demo\",\"operation\":\"auth\",\"transactionData\":\"x\"}");
        assertThat(noUser.statusCode()).as("which user's login it is must be said").isEqualTo(400);
        assertThat(noUser.body()).contains("username");
        assertThat(post("{}").statusCode()).isEqualTo(400);
    }

    @Test
    void aRequestMustSayWhichOperationAndTransactionDataItExpects() throws Exception {
        HttpResponse<String> noIntent = post("{\"token\":\"a.b.c\",\"customer\":\"demo\",\"username\":\"grace\"}");
        assertThat(noIntent.statusCode()).isEqualTo(400);
        assertThat(noIntent.body()).contains("operation and transactionData are required");
        assertThat(post("{\"token\":\"a.b.c\",\"customer\":\"demo\",\"username\":\"grace\",\"operation\":\"auth\"}").statusCode())
                .isEqualTo(400);
        assertThat(post("{\"token\":\"a.b.c\",\"customer\":\"demo\",\"username\":\"grace\",\"transactionData\":\"x\"}").statusCode())
                .isEqualTo(400);
        assertThat(post(request("a.b.c")).statusCode()).as("with both: a verdict").isEqualTo(200);
    }

    @Test
    void anUnsignedTokenIsInvalidWithItsReason() throws Exception {
        String none = new PlainJWT(new JWTClaimsSet.Builder().subject("grace").build()).serialize();
        HttpResponse<String> response = post(request(none));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode verdict = JSON.readTree(response.body());
        assertThat(verdict.path("valid").asBoolean(true)).isFalse();
        assertThat(verdict.path("reason").asText()).isEqualTo("algorithm_not_allowed");
    }

    @Test
    void withoutReachableKeysAVerdictSaysSoAndNeverValid() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k").build(),
                new JWTClaimsSet.Builder().subject("grace").build());
        jwt.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
        JsonNode verdict = JSON.readTree(post(request(jwt.serialize())).body());
        assertThat(verdict.path("valid").asBoolean(true)).isFalse();
        assertThat(verdict.path("reason").asText()).isEqualTo("keys_unavailable");

        // ... and operators see it: the failed fetch is counted, the keys' age is unknown.
        String exported = TestHttp.client().send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(exported).containsPattern("likeness_verifier_jwks_fetches_total\\{outcome=\"failed\"} [1-9]")
                .contains("likeness_verifier_jwks_fetches_total{outcome=\"fetched\"} 0.0")
                .contains("likeness_verifier_jwks_age_seconds NaN")
                .as("counted under the caller key's customer").containsPattern(
                        "likeness_verifier_verifications_total\\{customer=\"demo\",outcome=\"keys_unavailable\"} [1-9]");
    }
}
