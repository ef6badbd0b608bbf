package dev.likeness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.client.SessionClient;
import dev.likeness.crypto.PemKeys;
import dev.likeness.crypto.TrustAnchors;
import dev.likeness.proto.v1.Operation;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's side of the demo customer's backend, over HTTP, as the demo page uses it: the session's
 * configuration, a user authorization token, and jwt-verifier's verdict on the transaction JWT.
 * The CLI holds no customer key: like a browser, it asks the backend.
 */
public final class DemoBackendClient {

    /** What the backend tells a client: whom it speaks for, which key to encrypt to, where the gateway is. */
    public record SessionConfig(String customer, String keyId, PublicKey imageKey, URI gateway) {
    }

    /** jwt-verifier's answer, as the backend relays it. */
    public record Verification(boolean valid, String reason, JsonNode claims) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI backend;
    private final HttpClient http = TrustAnchors.httpClient(Optional.empty(), Duration.ofSeconds(3));

    public DemoBackendClient(URI backend) {
        this.backend = backend;
    }

    public SessionConfig config() throws IOException, InterruptedException {
        JsonNode config = call("GET", "/config", null);
        return new SessionConfig(config.path("customer").asText(), config.path("keyId").asText(),
                PemKeys.parsePublicKey(config.path("imageKey").asText()), URI.create(config.path("wsUrl").asText()));
    }

    /** A login the backend began: the user token for its session, and the login's name for /verify. */
    public record Login(String userToken, String id) {
    }

    /** What a session for {@code username} sends in its Start, with a fresh user token from the backend. */
    public SessionClient.Request request(SessionConfig config, String username, Operation operation, String transactionData)
            throws IOException, InterruptedException {
        return request(config, username, operation, transactionData, login(username, operation, transactionData));
    }

    /** What a session of {@code login} sends in its Start. */
    public SessionClient.Request request(SessionConfig config, String username, Operation operation, String transactionData,
                                         Login login) {
        return new SessionClient.Request(config.customer(), username, operation, transactionData, login.userToken(), config.keyId(),
                config.imageKey());
    }

    /** Begins a login of {@code username} at the backend: its user token is bound to the operation and the transaction data. */
    public Login login(String username, Operation operation, String transactionData) throws IOException, InterruptedException {
        JsonNode answer = call("POST", "/token", Map.of("username", username, "operation", wireName(operation),
                "transactionData", transactionData));
        return new Login(answer.path("token").asText(), answer.path("login").asText());
    }

    /** A token for one session of {@code username}: the backend binds it to the operation and the transaction data. */
    public String userToken(String username, Operation operation, String transactionData) throws IOException, InterruptedException {
        return login(username, operation, transactionData).userToken();
    }

    /**
     * jwt-verifier's verdict, through the backend: is this the JWT of {@code login}, for its user,
     * operation and transaction data?
     */
    public Verification verify(String transactionJwt, Login login) throws IOException, InterruptedException {
        JsonNode verdict = call("POST", "/verify", Map.of("transactionJwt", transactionJwt, "login", login.id()));
        return new Verification(verdict.path("valid").asBoolean(false), verdict.path("reason").asText(null), verdict.path("claims"));
    }

    /**
     * Asks the customer's backend to erase the user (it calls auth-service's admin API with an
     * admin token it signs): the template and lockout state go; authentication then finds no user.
     */
    public JsonNode erase(String username) throws IOException, InterruptedException {
        return call("POST", "/erase", Map.of("username", username));
    }

    /** Asks the customer's backend to lift the user's lockout. */
    public JsonNode unlock(String username) throws IOException, InterruptedException {
        return call("POST", "/unlock", Map.of("username", username));
    }

    /** The operation as tokens name it ({@code op}): enroll or auth. */
    static String wireName(Operation operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(backend.resolve(path)).timeout(Duration.ofSeconds(10));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("the demo backend at " + backend + " does not answer; run ./likeness up first");
        }
        if (response.statusCode() != 200) {
            throw new IOException("the demo backend answered HTTP " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
