package dev.likeness.cli.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.cli.stack.DemoCustomer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo backend's HTTP surface: tokens for valid usernames, local pages only, errors answered. */
class DemoBackendServerTest {

    @TempDir
    static Path home;
    static int port;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        DemoCustomer customer = new DemoCustomer(home);
        customer.ensureKeys();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        new DemoBackendServer(customer, new DemoBackend(customer.loadAuthorizationPrivateKey(), "likeness",
                URI.create("http://127.0.0.1:9/v1/verify")), "http://localhost:8080", "ws://localhost:8080/v1/sessions").serve(port);
    }

    static HttpResponse<String> post(String path, String origin, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mintsATokenForAValidUsernameToLocalPagesOnly() throws Exception {
        HttpResponse<String> ok = post("/token", "http://localhost:3000", "{\"username\":\"alice\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:3000");
        assertThat(new ObjectMapper().readTree(ok.body()).path("token").asText()).startsWith("eyJ");

        assertThat(post("/token", "https://evil.example", "{\"username\":\"alice\"}").statusCode()).isEqualTo(403);
        assertThat(post("/token", null, "{\"username\":\"a b\"}").statusCode()).isEqualTo(400);
        assertThat(post("/token", null, "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void verifyNeedsAJwtAndReportsAnUnreachableVerifier() throws Exception {
        assertThat(post("/verify", null, "{}").statusCode()).isEqualTo(400);
        assertThat(post("/verify", null, "{\"transactionJwt\":\"a.b.c\"}").statusCode()).isEqualTo(502);
    }
}
