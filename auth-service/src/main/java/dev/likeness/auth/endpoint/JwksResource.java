package dev.likeness.auth.endpoint;

import dev.likeness.auth.token.TransactionTokenSigner;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.util.Map;

/** Publishes the public keys that verify transaction JWTs (RFC 7517 JWK Set). */
@Path("/v1/jwks.json")
public class JwksResource {

    private final TransactionTokenSigner signer;

    JwksResource(TransactionTokenSigner signer) {
        this.signer = signer;
    }

    @GET
    @Produces("application/jwk-set+json")
    public Map<String, Object> jwks() {
        return signer.publicKeys().toJSONObject(true);
    }
}
