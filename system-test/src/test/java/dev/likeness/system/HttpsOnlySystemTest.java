package dev.likeness.system;

import dev.likeness.crypto.TrustAnchors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The trust chain of a verdict on the running stack: auth-service's JWKS and admin API and
 * jwt-verifier's verdicts are served over HTTPS only, with certificates of the local CA, so nobody
 * on the way reads or rewrites the keys a verdict trusts, or the verdict itself.
 */
@ExtendWith(RunningStack.class)
class HttpsOnlySystemTest {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    static List<Integer> httpsPorts(RunningStack.Stack stack) {
        return List.of(stack.ports().auth(), stack.ports().verifier());
    }

    @Test
    void plainHttpGetsNoAnswerFromAuthServiceOrTheVerifier(RunningStack.Stack stack) {
        HttpClient plain = TrustAnchors.httpClient(Optional.empty(), TIMEOUT);
        for (int port : httpsPorts(stack)) {
            for (String path : List.of("/v1/jwks.json", "/v1/verify", "/q/health/ready")) {
                URI url = URI.create("http://localhost:" + port + path);
                assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding())).as(url.toString()).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void aClientThatDoesNotTrustTheLocalCaCannotTalkToThem(RunningStack.Stack stack) {
        HttpClient jdkTrust = TrustAnchors.httpClient(Optional.empty(), TIMEOUT);
        for (int port : httpsPorts(stack)) {
            URI url = URI.create("https://localhost:" + port + "/q/health/ready");
            assertThatThrownBy(() -> jdkTrust.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding())).as(url.toString()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void overHttpsWithTheLocalCaTheyAnswerAndTheVerifierStillWantsItsCallerKey(RunningStack.Stack stack) throws Exception {
        HttpClient trusting = TrustAnchors.httpClient(Optional.of(stack.customer().tls().caCertificate()), TIMEOUT);
        HttpResponse<String> jwks = trusting.send(HttpRequest.newBuilder(URI.create(stack.ports().jwksUrl())).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"keys\"");
        HttpResponse<String> anonymous = trusting.send(HttpRequest.newBuilder(URI.create(stack.ports().verifierUrl())).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("TLS is no credential: a verdict needs the customer's caller key").isEqualTo(401);
    }
}
