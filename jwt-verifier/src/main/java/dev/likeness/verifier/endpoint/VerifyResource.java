package dev.likeness.verifier.endpoint;

import dev.likeness.verifier.domain.TransactionTokenVerifier;
import dev.likeness.verifier.domain.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.Consumes;
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
 * and about what it asked to be signed. Always 200 with a verdict for a well-formed request.
 */
@Path("/v1/verify")
public class VerifyResource {

    /** The request body. */
    public record VerifyRequest(String token, String customer, String transactionData) {
    }

    private final TransactionTokenVerifier verifier;
    private final MeterRegistry meters;

    VerifyResource(TransactionTokenVerifier verifier, MeterRegistry meters) {
        this.verifier = verifier;
        this.meters = meters;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response verify(VerifyRequest request) {
        if (request == null || blank(request.token()) || blank(request.customer())) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "token and customer are required")).build();
        }
        Verdict verdict = verifier.verify(request.token(), request.customer(), Optional.ofNullable(request.transactionData()));
        meters.counter("likeness.verifier.verifications", "outcome",
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
