package dev.likeness.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.crypto.TransactionDataHash;
import dev.likeness.testsupport.TestHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo backend's HTTP surface: tokens for valid usernames, local pages only, errors answered. */
@QuarkusTest
@QuarkusTestResource(DemoKeysResource.class)
class DemoBackendResourceTest {

    @TestHTTPResource("/")
    URL root;

    HttpResponse<String> post(String path, String origin, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path.substring(1)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return TestHttp.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mintsATokenForAValidUsernameToLocalPagesOnly() throws Exception {
        HttpResponse<String> ok = post("/token", "http://localhost:3000",
                "{\"username\":\"alice\",\"operation\":\"auth\",\"transactionData\":\"pay 10 EUR\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:3000");
        assertThat(ok.headers().firstValue("Cache-Control")).contains("no-store");
        var answer = new ObjectMapper().readTree(ok.body());
        var claims = SignedJWT.parse(answer.path("token").asText()).getJWTClaimsSet();
        assertThat(answer.path("login").asText()).as("the login it begins is named by the token's id").isEqualTo(claims.getJWTID());
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("op")).as("the operation it authorizes").isEqualTo("auth");
        assertThat(claims.getStringClaim("td_hash")).as("what it authorizes signing")
                .isEqualTo(TransactionDataHash.of("pay 10 EUR"));

        assertThat(post("/token", "https://evil.example",
                "{\"username\":\"alice\",\"operation\":\"auth\",\"transactionData\":\"\"}").statusCode()).isEqualTo(403);
        // a token is for one operation on given transaction data: both are required
        assertThat(post("/token", null, "{\"username\":\"alice\",\"transactionData\":\"\"}").statusCode()).isEqualTo(400);
        assertThat(post("/token", null,
                "{\"username\":\"alice\",\"operation\":\"pay\",\"transactionData\":\"\"}").statusCode()).isEqualTo(400);
        assertThat(post("/token", null, "{\"username\":\"alice\",\"operation\":\"auth\"}").statusCode()).isEqualTo(400);
        assertThat(post("/token", null,
                "{\"username\":\"alice\",\"operation\":\"auth\",\"transactionData\":\"" + "x".repeat(4097)
                + "\"}").statusCode()).isEqualTo(400);
        assertThat(post("/token", null, "{\"username\":\"a b\"}").statusCode()).isEqualTo(400);
        assertThat(post("/token", null, "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void verifyHoldsAJwtToALoginItBeganAndReportsAnUnreachableVerifier() throws Exception {
        assertThat(post("/verify", null, "{}").statusCode()).isEqualTo(400);
        assertThat(post("/verify", null, "{\"transactionJwt\":\"a.b.c\"}").statusCode()).as("no login").isEqualTo(400);
        assertThat(post("/verify", null, "{\"transactionJwt\":\"a.b.c\",\"login\":\"made-up\"}").statusCode())
                .as("a login it never began").isEqualTo(400);
        String login = new ObjectMapper().readTree(post("/token", null,
                "{\"username\":\"alice\",\"operation\":\"auth\",\"transactionData\":\"x\"}").body()).path("login").asText();
        String verify = "{\"transactionJwt\":\"a.b.c\",\"login\":\"" + login + "\"}";
        assertThat(post("/verify", null, verify).statusCode()).as("the verifier is down in this test").isEqualTo(502);
        assertThat(post("/verify", null, verify).statusCode()).as("a login is finished once").isEqualTo(400);
    }

    @Test
    void configTellsPagesTheCustomerKeyAndSocket() throws Exception {
        HttpResponse<String> config = TestHttp.client().send(HttpRequest.newBuilder(URI.create(root + "config")).build(),
                HttpResponse.BodyHandlers.ofString());
        var answer = new ObjectMapper().readTree(config.body());
        assertThat(answer.path("customer").asText()).isEqualTo("demo");
        assertThat(answer.path("keyId").asText()).isEqualTo("demo-image-1");
        assertThat(answer.path("imageKey").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(answer.path("wsUrl").asText()).isEqualTo("ws://localhost:8080/v1/sessions");
    }
}
