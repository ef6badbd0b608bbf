package dev.likeness.verifier.endpoint;

import dev.likeness.verifier.VerifierConfig;
import dev.likeness.verifier.domain.CallerKeys;
import dev.likeness.verifier.domain.Expectation;
import dev.likeness.verifier.domain.TransactionTokenVerifier;
import dev.likeness.verifier.domain.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/verify}: a customer backend asks whether a transaction JWT is genuine, for it,
 * for the user it is logging in, and about what it asked to be signed. Always 200 with a verdict
 * for a well-formed request.
 */
@Path("/v1/verify")
public class VerifyResource {

    /**
     * The request body: the token, whose audience it must be, the user it must be for, what it must
     * be about, optionally the id ({@code jti}) of the user token the backend minted for this login,
     * and whether the session's liveness must have passed ({@code requireLiveness}: pass, not unverified).
     */
    public record VerifyRequest(String token, String customer, String username, String operation, String transactionData,
                                String nonce, Boolean requireLiveness) {
    }

    private final TransactionTokenVerifier verifier;
    private final CallerKeys callers;
    private final MeterRegistry meters;
    private final boolean requireIntent;

    VerifyResource(TransactionTokenVerifier verifier, CallerKeys callers, MeterRegistry meters, VerifierConfig config) {
        this.verifier = verifier;
        this.callers = callers;
        this.meters = meters;
        this.requireIntent = config.requireIntent();
    }

    /**
     * Only a customer's backend, with its key, and only about its own tokens: a verdict tells
     * whether a token is genuine and unused, and a verification uses it up, so neither is
     * anyone else's to ask.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response verify(@HeaderParam("Authorization") String authorization, VerifyRequest request) {
        String key = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        Optional<String> caller = callers.customerOf(key);
        if (caller.isEmpty()) {
            meters.counter("likeness.verifier.callers.refused", "reason", "unknown_key").increment();
            return Response.status(Response.Status.UNAUTHORIZED).header("WWW-Authenticate", "Bearer")
                    .entity(Map.of("error", "a customer's caller key is required (Authorization: Bearer <key>)")).build();
        }
        if (request != null && request.customer() != null && !request.customer().equals(caller.get())) {
            meters.counter("likeness.verifier.callers.refused", "reason", "other_customer").increment();
            return Response.status(Response.Status.FORBIDDEN)
                    .entity(Map.of("error", "this key may ask only about its own customer's tokens")).build();
        }
        if (request == null || blank(request.token()) || blank(request.customer()) || blank(request.username())) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error",
                    "token, customer and username are required: a JWT proves one user's transaction, the one you are logging in"))
                    .build();
        }
        if (requireIntent && (request.operation() == null || request.transactionData() == null)) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error",
                    "operation and transactionData are required: the token is valid only for what you expected it to be about")).build();
        }
        Verdict verdict = verifier.verify(request.token(), new Expectation(request.customer(), request.username(),
                Optional.ofNullable(request.operation()), Optional.ofNullable(request.transactionData()),
                Optional.ofNullable(request.nonce()).filter(nonce -> !nonce.isBlank()), Boolean.TRUE.equals(request.requireLiveness())));
        // customer: the caller key's, one of the configured customers, so the label stays bounded
        meters.counter("likeness.verifier.verifications", "customer", caller.get(), "outcome",
                verdict.valid() ? "valid" : verdict.reason().wireName()).increment();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", verdict.valid());
        if (verdict.valid()) {
            body.put("claims", verdict.claims());
        } else {
            body.put("reason", verdict.reason().wireName());
        }
        return Response.ok(body).build();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
