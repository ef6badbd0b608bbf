package dev.likeness.auth.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.likeness.database.UsedTokens;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the JWT a customer's backend signs to call the admin API: signed (RS/PS/ES, never HS or
 * none) by one of that customer's admin keys, audience {@code likeness-admin} (so a user token,
 * audience {@code likeness}, is no admin token, nor the reverse), with a subject naming who acts
 * (for the audit), at most {@link #MAX_LIFETIME} long, current, and used once.
 */
public final class AdminTokenVerifier {

    public static final String AUDIENCE = "likeness-admin";
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.RS512, JWSAlgorithm.PS512);

    /** The call is refused; the message is for the audit and the 401, never containing the token. */
    public static final class RefusedException extends Exception {
        public RefusedException(String reason) {
            super(reason);
        }
    }

    private final Map<String, JWKSet> keysByCustomer;
    private final Clock clock;
    // Shared by every auth-service instance (PostgreSQL): an admin token erases a user once, on whichever instance.
    private final UsedTokens usedTokens;

    public AdminTokenVerifier(Map<String, List<PublicKey>> keysByCustomer, UsedTokens usedTokens, Clock clock) {
        Map<String, JWKSet> sets = new HashMap<>();
        keysByCustomer.forEach((customer, keys) -> sets.put(customer, jwks(keys)));
        this.keysByCustomer = Map.copyOf(sets);
        this.usedTokens = usedTokens;
        this.clock = clock;
    }

    private static JWKSet jwks(List<PublicKey> keys) {
        List<JWK> jwks = new ArrayList<>();
        for (PublicKey key : keys) {
            if (key instanceof RSAPublicKey rsa) {
                jwks.add(new RSAKey.Builder(rsa).build());
            } else if (key instanceof ECPublicKey ec) {
                jwks.add(new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build());
            }
        }
        return new JWKSet(jwks);
    }

    /**
     * Verifies {@code token} for an admin call about {@code customer}; returns who acts (the token's subject).
     *
     * @throws UsedTokens.UnavailableException when whether the token was used before cannot be told (nothing may be done)
     */
    /** Whether {@code customer} has an admin API here (admin keys configured). */
    public boolean serves(String customer) {
        JWKSet keys = keysByCustomer.get(customer);
        return keys != null && !keys.getKeys().isEmpty();
    }

    public String verify(String customer, String token) throws RefusedException, UsedTokens.UnavailableException {
        JWKSet keys = keysByCustomer.get(customer);
        if (keys == null || keys.isEmpty()) {
            throw new RefusedException("no admin keys for this customer");
        }
        if (token == null || token.isBlank()) {
            throw new RefusedException("no token");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED, new ImmutableJWKSet<>(keys)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(AUDIENCE, null, Set.of("sub", "iat", "exp",
                "jti")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        JWTClaimsSet verified;
        try {
            verified = processor.process(token, null);
        } catch (ParseException e) {
            throw new RefusedException("malformed token");
        } catch (BadJOSEException | JOSEException e) {
            throw new RefusedException("token refused: " + e.getClass().getSimpleName());
        }
        Instant issuedAt = verified.getIssueTime().toInstant();
        Instant expiresAt = verified.getExpirationTime().toInstant();
        if (Duration.between(issuedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
            throw new RefusedException("token lives longer than " + MAX_LIFETIME.toMinutes() + " minutes");
        }
        if (issuedAt.isAfter(clock.instant().plus(SKEW))) {
            throw new RefusedException("token issued in the future");
        }
        if (!usedTokens.firstUse(customer, verified.getJWTID(), expiresAt.plus(SKEW))) {
            throw new RefusedException("token used before");
        }
        return verified.getSubject();
    }
}
