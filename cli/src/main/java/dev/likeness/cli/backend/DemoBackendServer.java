package dev.likeness.cli.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.likeness.cli.stack.DemoCustomer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The demo customer's backend as a web service, for the /demo page: it mints user authorization
 * tokens and asks jwt-verifier about transaction JWTs, holding the private key a browser must never
 * have. It listens on loopback only, and answers pages of the gateway's origin or of any other
 * localhost origin (a developer's test page), never a page of a public site (CORS, and 403 for any
 * other Origin). A stand-in for a customer's real backend, run by `./likeness up`, never deployed.
 *
 * <pre>
 * GET  /config  -> {customer, keyId, imageKey (public PEM), wsUrl}
 * POST /token   {username} -> {token}
 * POST /verify  {transactionJwt, transactionData} -> jwt-verifier's verdict
 * </pre>
 */
public final class DemoBackendServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOCAL_ORIGIN = Pattern.compile("http://(localhost|127\\.0\\.0\\.1)(:\\d{1,5})?");
    // What a demo user may be called: no token for arbitrary strings.
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final DemoCustomer customer;
    private final DemoBackend backend;
    private final String allowedOrigin;
    private final String wsUrl;

    DemoBackendServer(DemoCustomer customer, DemoBackend backend, String allowedOrigin, String wsUrl) {
        this.customer = customer;
        this.backend = backend;
        this.allowedOrigin = allowedOrigin;
        this.wsUrl = wsUrl;
    }

    /** args: port keys-folder gateway-origin (http://localhost:8080) verifier-url. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        DemoCustomer customer = new DemoCustomer(Path.of(args[1]));
        String gatewayOrigin = args[2];
        DemoBackend backend = new DemoBackend(customer.loadAuthorizationPrivateKey(), DemoCustomer.TOKEN_AUDIENCE, URI.create(args[3]));
        String wsUrl = gatewayOrigin.replaceFirst("^http", "ws") + "/v1/sessions";
        new DemoBackendServer(customer, backend, gatewayOrigin, wsUrl).serve(port);
    }

    void serve(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/config", exchange -> handle(exchange, "GET", body -> config()));
        server.createContext("/token", exchange -> handle(exchange, "POST", this::token));
        server.createContext("/verify", exchange -> handle(exchange, "POST", this::verify));
        server.createContext("/q/health/ready", exchange -> respond(exchange, 200, Map.of("status", "UP")));
        server.start();
        System.out.printf("demo backend on http://localhost:%d for pages of %s%n", port, allowedOrigin);
    }

    private interface Handler {
        Object answer(JsonNode body) throws Exception;
    }

    private void handle(HttpExchange exchange, String method, Handler handler) throws IOException {
        // Not try-with-resources: that closes the exchange before a catch block could answer.
        try {
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            if (origin != null && !origin.equals(allowedOrigin) && !LOCAL_ORIGIN.matcher(origin).matches()) {
                respond(exchange, 403, Map.of("error", "origin not allowed"));
                return;
            }
            if (origin != null) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
                exchange.getResponseHeaders().set("Vary", "Origin");
            }
            if (exchange.getRequestMethod().equals("OPTIONS")) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Methods", method);
                exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (!exchange.getRequestMethod().equals(method)) {
                respond(exchange, 405, Map.of("error", method + " only"));
                return;
            }
            JsonNode body = method.equals("POST") ? JSON.readTree(exchange.getRequestBody()) : null;
            respond(exchange, 200, handler.answer(body));
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, Map.of("error", e.getMessage()));
        } catch (Exception e) {
            respond(exchange, 502, Map.of("error", "upstream failure: " + e.getClass().getSimpleName()));
        } finally {
            exchange.close();
        }
    }

    private Map<String, String> config() throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("customer", DemoCustomer.NAME);
        config.put("keyId", DemoCustomer.IMAGE_KEY_ID);
        config.put("imageKey", Files.readString(customer.imagePublicKey()));
        config.put("wsUrl", wsUrl);
        return config;
    }

    private Map<String, String> token(JsonNode body) {
        String username = body == null ? "" : body.path("username").asText("");
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 1-64 of letters, digits and . _ @ -");
        }
        return Map.of("token", backend.mintUserToken(username));
    }

    private Map<String, Object> verify(JsonNode body) throws Exception {
        String jwt = body == null ? "" : body.path("transactionJwt").asText("");
        if (jwt.isBlank()) {
            throw new IllegalArgumentException("transactionJwt is required");
        }
        DemoBackend.Verification verdict = backend.verify(jwt, DemoCustomer.NAME, body.path("transactionData").asText(""));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("valid", verdict.valid());
        if (verdict.valid()) {
            answer.put("claims", verdict.claims());
        } else {
            answer.put("reason", verdict.reason());
        }
        return answer;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
