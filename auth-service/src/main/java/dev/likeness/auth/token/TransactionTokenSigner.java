package dev.likeness.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs transaction JWTs: ES256 (EC key) or RS256 (RSA key), `kid` in the header, and the
 * claims a customer's backend checks: iss, sub, aud (the customer), iat, exp, jti, td, op, and
 * nonce, the {@code jti} of the user authorization token the session started with, which binds
 * the transaction to the login the backend began.
 */
public final class TransactionTokenSigner {

    /**
     * What a successful session proves; {@code authorizationId} is the user token's {@code jti},
     * {@code liveness} the {@link LivenessClaim}.
     */
    public record Transaction(String customer, String username, String operation, String transactionData,
                              String sessionId, String authorizationId, Map<String, Object> liveness) {
    }

    private final JWK signingKey;
    // Keys that signed before the last rotation: published until their tokens have expired.
    private final List<JWK> previousKeys;
    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    public TransactionTokenSigner(JWK signingKey, String issuer, Duration lifetime, Clock clock) throws JOSEException {
        this(signingKey, List.of(), issuer, lifetime, clock);
    }

    /**
     * Signs with {@code signingKey}; publishes it and {@code previousKeys} (public halves only
     * are kept), so tokens signed before a rotation still verify until they expire.
     */
    public TransactionTokenSigner(JWK signingKey, List<JWK> previousKeys, String issuer, Duration lifetime,
            Clock clock) throws JOSEException {
        if (signingKey.getKeyID() == null || !signingKey.isPrivate()) {
            throw new IllegalArgumentException("the signing key must be a private JWK with a kid");
        }
        for (JWK previous : previousKeys) {
            if (previous.getKeyID() == null || previous.getKeyID().equals(signingKey.getKeyID())) {
                throw new IllegalArgumentException("a previous signing key needs a kid of its own");
            }
        }
        this.signingKey = signingKey;
        this.previousKeys = previousKeys.stream().map(JWK::toPublicJWK).toList();
        if (signingKey instanceof ECKey ec) {
            this.signer = new ECDSASigner(ec);
            this.algorithm = JWSAlgorithm.ES256;
        } else if (signingKey instanceof RSAKey rsa) {
            this.signer = new RSASSASigner(rsa);
            this.algorithm = JWSAlgorithm.RS256;
        } else {
            throw new IllegalArgumentException("signing key must be EC P-256 or RSA");
        }
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public String sign(Transaction transaction) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(transaction.username())
                .audience(transaction.customer())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("td", transaction.transactionData())
                .claim("op", transaction.operation())
                .claim("sid", transaction.sessionId())
                .claim("nonce", transaction.authorizationId())
                .claim("liveness", transaction.liveness())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    /** The public half of every key that may have signed a live token: the current one first. */
    public JWKSet publicKeys() {
        List<JWK> keys = new ArrayList<>();
        keys.add(signingKey.toPublicJWK());
        keys.addAll(previousKeys);
        return new JWKSet(keys);
    }
}
