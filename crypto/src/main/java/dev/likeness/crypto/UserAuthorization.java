package dev.likeness.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a user authorization token says, checked: minted by one of the customer's keys with an
 * asymmetric algorithm, for this username and audience, for this operation ({@code op}) and
 * transaction data ({@code td_hash}), short-lived and current. The gateway checks it when a
 * session starts (and records its {@code jti} as used); auth-service checks it again before it
 * enrolls or signs, so a session context that did not come from a verified Start gets nothing.
 * The intent claims are what stop a browser from turning the customer's "log in" token into a
 * signed "pay 10,000 EUR". Stateless and framework-free.
 */
public final class UserAuthorization {

    /** The claim naming the operation the token allows: {@code enroll} or {@code auth}. */
    public static final String OPERATION_CLAIM = "op";

    // HS* would let anyone holding a verification secret mint tokens; `none` is no signature.
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final Map<String, List<PublicKey>> keysByCustomer;
    private final String audience;
    private final Duration maxLifetime;
    private final Duration skew;
    private final Clock clock;

    /** Why a token was refused; logged and counted, never told to the client beyond SERVER_FORBIDDEN. */
    public enum Refusal {
        MISSING, MALFORMED, UNKNOWN_CUSTOMER, ALGORITHM_NOT_ALLOWED, BAD_SIGNATURE, WRONG_SUBJECT,
        WRONG_AUDIENCE, NO_ISSUED_AT, NO_EXPIRY, EXPIRED, ISSUED_IN_FUTURE, LIFETIME_TOO_LONG, NO_JTI,
        /** {@code op} missing, or not the Start's operation. */
        WRONG_OPERATION,
        /** {@code td_hash} missing, or not the hash of the Start's transaction data. */
        WRONG_TRANSACTION_DATA,
        /** The token was used before (where a ledger of used tokens is kept: the gateway). */
        REPLAYED,
        /**
         * A valid token whose earlier use could not be checked: the used-token ledger is
         * unreachable. Refused (fail closed); the client is told SERVER_UNAVAILABLE, not FORBIDDEN.
         */
        LEDGER_UNAVAILABLE,
        /** The token is not the one the session started with (its {@code jti} differs from the session's). */
        WRONG_SESSION
    }

    /** The session a token must authorize: whose, and what it may do. */
    public record Intent(String customer, String username, String operation, String transactionData) {
    }

    /** A refused token. */
    public static final class RefusedException extends Exception {
        private final Refusal refusal;

        public RefusedException(Refusal refusal) {
            super(refusal.name());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    public UserAuthorization(Map<String, List<PublicKey>> keysByCustomer, String audience, Duration maxLifetime, Duration skew,
                             Clock clock) {
        this.keysByCustomer = Map.copyOf(keysByCustomer);
        this.audience = audience;
        this.maxLifetime = maxLifetime;
        this.skew = skew;
        this.clock = clock;
    }

    /**
     * The claims of {@code token} if it authorizes {@code intent} now; {@code lateness} is how long
     * after its expiry it still counts (zero when a session starts; auth-service, which sees the
     * token only once the session's first frames are through, allows the longest session).
     */
    public JWTClaimsSet check(Intent intent, String token, Duration lateness) throws RefusedException {
        if (token == null || token.isBlank()) {
            throw new RefusedException(Refusal.MISSING);
        }
        List<PublicKey> keys = keysByCustomer.get(intent.customer());
        if (keys == null) {
            throw new RefusedException(Refusal.UNKNOWN_CUSTOMER);
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new RefusedException(Refusal.MALFORMED);
        }
        if (!ALLOWED.contains(jwt.getHeader().getAlgorithm())) {
            throw new RefusedException(Refusal.ALGORITHM_NOT_ALLOWED);
        }
        if (!signedByAnyOf(jwt, keys)) {
            throw new RefusedException(Refusal.BAD_SIGNATURE);
        }
        checkClaims(claims, intent.username(), lateness);
        checkIntent(claims, intent.operation(), intent.transactionData());
        return claims;
    }

    /** How long after a token's expiry the gateway must remember it as used: the tolerated skew. */
    public Instant rememberUntil(JWTClaimsSet claims) {
        return claims.getExpirationTime().toInstant().plus(skew);
    }

    private static boolean signedByAnyOf(SignedJWT jwt, List<PublicKey> keys) {
        for (PublicKey key : keys) {
            try {
                JWSVerifier verifier = key instanceof RSAPublicKey rsa ? new RSASSAVerifier(rsa)
                        : key instanceof ECPublicKey ec ? new ECDSAVerifier(ec) : null;
                if (verifier != null && verifier.supportedJWSAlgorithms().contains(jwt.getHeader().getAlgorithm())
                        && jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException tryNextKey) {
                // a key of another type or curve: not this one
            }
        }
        return false;
    }

    private void checkClaims(JWTClaimsSet claims, String username, Duration lateness) throws RefusedException {
        if (username == null || !username.equals(claims.getSubject())) {
            throw new RefusedException(Refusal.WRONG_SUBJECT);
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw new RefusedException(Refusal.WRONG_AUDIENCE);
        }
        Date issuedAt = claims.getIssueTime();
        Date expiresAt = claims.getExpirationTime();
        if (issuedAt == null) {
            throw new RefusedException(Refusal.NO_ISSUED_AT);
        }
        if (expiresAt == null) {
            throw new RefusedException(Refusal.NO_EXPIRY);
        }
        Instant now = clock.instant();
        if (!expiresAt.toInstant().plus(skew).plus(lateness).isAfter(now)) {
            throw new RefusedException(Refusal.EXPIRED);
        }
        if (issuedAt.toInstant().isAfter(now.plus(skew))) {
            throw new RefusedException(Refusal.ISSUED_IN_FUTURE);
        }
        if (Duration.between(issuedAt.toInstant(), expiresAt.toInstant()).compareTo(maxLifetime) > 0) {
            throw new RefusedException(Refusal.LIFETIME_TOO_LONG);
        }
        if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw new RefusedException(Refusal.NO_JTI);
        }
    }

    private static void checkIntent(JWTClaimsSet claims, String operation, String transactionData) throws RefusedException {
        Object claimedOperation = claims.getClaim(OPERATION_CLAIM);
        if (operation == null || !operation.equals(claimedOperation)) {
            throw new RefusedException(Refusal.WRONG_OPERATION);
        }
        Object claimedHash = claims.getClaim(TransactionDataHash.CLAIM);
        if (transactionData == null || !(claimedHash instanceof String hash) || !TransactionDataHash.matches(hash, transactionData)) {
            throw new RefusedException(Refusal.WRONG_TRANSACTION_DATA);
        }
    }
}
