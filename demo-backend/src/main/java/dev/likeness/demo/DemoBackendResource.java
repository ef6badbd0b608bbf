package dev.likeness.demo;

import dev.likeness.client.CustomerBackend;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the demo page (and ./likeness enroll/auth) ask the customer's backend, which holds the
 * private key a browser must never have. Listens on loopback; CORS admits only pages of the
 * gateway and other local pages (application.properties).
 *
 * <pre>
 * GET  /config  -> {customer, keyId, imageKey (public PEM), wsUrl}
 * POST /token   {username, operation, transactionData} -> {token, login}   (operation: enroll | auth)
 * POST /verify  {transactionJwt, login} -> jwt-verifier's verdict on the JWT for that login
 * POST /erase   {username} -> auth-service's admin answer (the user's template and lockout erased)
 * POST /unlock  {username} -> auth-service's admin answer
 * </pre>
 */
@Path("/")
public class DemoBackendResource {

    // What a demo user may be called: no token for arbitrary strings.
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public record TokenRequest(String username, String operation, String transactionData) {
    }

    /** The JWT the browser reports, and the login ({@code login} from /token) it says it finishes. */
    public record VerifyRequest(String transactionJwt, String login) {
    }

    /** The operations a token can authorize, as the token's {@code op} claim names them. */
    private static final Set<String> OPERATIONS = Set.of("enroll", "auth");
    // A real backend signs what its user is about to do; the demo bounds what it will sign.
    private static final int MAX_TRANSACTION_DATA = 4096;

    @Inject
    DemoConfig config;

    @Inject
    CustomerBackend backend;

    @Inject
    DemoAdminClient admin;

    private final PendingLogins logins = new PendingLogins(Clock.systemUTC());

    public record UserRequest(String username) {
    }

    @POST
    @Path("erase")
    public Response erase(UserRequest request) throws IOException, InterruptedException {
        DemoAdminClient.Answer answer = admin.erase(config.customer(), username(request), "demo-backend");
        return Response.status(answer.status()).entity(answer.body()).build();
    }

    @POST
    @Path("unlock")
    public Response unlock(UserRequest request) throws IOException, InterruptedException {
        DemoAdminClient.Answer answer = admin.unlock(config.customer(), username(request), "demo-backend");
        return Response.status(answer.status()).entity(answer.body()).build();
    }

    private static String username(UserRequest request) {
        String username = request == null || request.username() == null ? "" : request.username();
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 1-64 of letters, digits and . _ @ -");
        }
        return username;
    }

    @GET
    @Path("config")
    public Map<String, String> config() throws IOException {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("customer", config.customer());
        answer.put("keyId", config.imageKeyId());
        answer.put("imageKey", Files.readString(config.imagePublicKeyFile()));
        answer.put("wsUrl", config.gatewayOrigin().replaceFirst("^http", "ws") + "/v1/sessions");
        return answer;
    }

    @POST
    @Path("token")
    public Map<String, String> token(TokenRequest request) {
        String username = request == null || request.username() == null ? "" : request.username();
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 1-64 of letters, digits and . _ @ -");
        }
        String operation = operation(request.operation());
        String transactionData = transactionData(request.transactionData());
        CustomerBackend.UserToken token = backend.mint(username, operation, transactionData);
        logins.begin(username, operation, transactionData, token.id());
        return Map.of("token", token.token(), "login", token.id());
    }

    @POST
    @Path("verify")
    public Map<String, Object> verify(VerifyRequest request) throws IOException, InterruptedException {
        if (request == null || request.transactionJwt() == null || request.transactionJwt().isBlank()) {
            throw new IllegalArgumentException("transactionJwt is required");
        }
        // What the JWT must prove comes from the login this backend began, not from the browser.
        PendingLogins.Login login = logins.finish(request.login())
                .orElseThrow(() -> new IllegalArgumentException("login is unknown, finished or expired: ask /token for a new one"));
        CustomerBackend.Verification verdict = backend.verify(request.transactionJwt(), config.customer(), login.username(),
                login.operation(), login.transactionData(), Optional.of(login.userTokenId()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("valid", verdict.valid());
        if (verdict.valid()) {
            answer.put("claims", verdict.claims());
        } else {
            answer.put("reason", verdict.reason());
        }
        return answer;
    }

    private static String operation(String operation) {
        if (operation == null || !OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("operation must be enroll or auth");
        }
        return operation;
    }

    private static String transactionData(String transactionData) {
        if (transactionData == null || transactionData.length() > MAX_TRANSACTION_DATA) {
            throw new IllegalArgumentException("transactionData is required, at most " + MAX_TRANSACTION_DATA + " characters");
        }
        return transactionData;
    }

    @ServerExceptionMapper
    Response badRequest(IllegalArgumentException e) {
        return error(400, e.getMessage());
    }

    @ServerExceptionMapper
    Response busy(IllegalStateException e) {
        return error(503, e.getMessage());
    }

    @ServerExceptionMapper
    Response upstreamFailure(IOException e) {
        return error(502, "upstream failure: " + e.getClass().getSimpleName());
    }

    // Tokens and verdicts are per request: nothing of them may be cached.
    @ServerResponseFilter
    void noStore(ContainerResponseContext response) {
        response.getHeaders().putSingle("Cache-Control", "no-store");
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
