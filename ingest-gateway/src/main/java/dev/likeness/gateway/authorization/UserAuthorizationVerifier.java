package dev.likeness.gateway.authorization;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.crypto.TransactionDataHash;
import dev.likeness.database.UsedTokens;

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
 * Checks the user authorization token a customer's backend minted for one session: signed by
 * one of that customer's keys with an asymmetric algorithm, for this username and audience, for
 * this operation ({@code op}) and transaction data ({@code td_hash}), short-lived, current, and
 * not seen before. The intent claims are what stop a browser from turning the customer's
 * "log in" token into a signed "pay 10,000 EUR": auth-service signs the Start's operation and
 * transaction data into the transaction JWT, so they must be the ones the backend authorized.
 * Framework-free so it is tested on its own.
 */
public final class UserAuthorizationVerifier {

    /** Why a token was refused; logged and counted, never sent to the client beyond SERVER_FORBIDDEN. */
    public enum Refusal {
        MISSING, MALFORMED, UNKNOWN_CUSTOMER, ALGORITHM_NOT_ALLOWED, BAD_SIGNATURE, WRONG_SUBJECT,
        WRONG_AUDIENCE, NO_ISSUED_AT, NO_EXPIRY, EXPIRED, ISSUED_IN_FUTURE, LIFETIME_TOO_LONG, NO_JTI, REPLAYED,
        /** {@code op} missing, or not the Start's operation. */
        WRONG_OPERATION,
        /** {@code td_hash} missing, or not the hash of the Start's transaction data. */
        WRONG_TRANSACTION_DATA,
        /**
         * A valid token whose earlier use could not be checked: the used-token ledger is
         * unreachable. Refused (fail closed); the client is told SERVER_UNAVAILABLE, not FORBIDDEN.
         */
        LEDGER_UNAVAILABLE
    }

    /** The claim naming the operation the token allows: {@code enroll} or {@code auth}. */
    public static final String OPERATION_CLAIM = "op";

    /** A refused token. */
    public static final class RefusedException extends Exception {
        private final Refusal refusal;

        RefusedException(Refusal refusal) {
            super(refusal.name());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

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
    // A token opens one session only, on whichever gateway instance: the ledger is shared (PostgreSQL).
    private final UsedTokens usedTokens;

    public UserAuthorizationVerifier(Map<String, List<PublicKey>> keysByCustomer, String audience,
                                     Duration maxLifetime, Duration skew, UsedTokens usedTokens, Clock clock) {
        this.keysByCustomer = Map.copyOf(keysByCustomer);
        this.audience = audience;
        this.maxLifetime = maxLifetime;
        this.skew = skew;
        this.usedTokens = usedTokens;
        this.clock = clock;
    }

    /**
     * Verifies {@code token} for {@code username} of {@code customer}, for {@code operation}
     * ({@code enroll} or {@code auth}) on {@code transactionData}, and marks it used; returns its
     * {@code jti}.
     */
    public String verify(String customer, String username, String operation, String transactionData, String token)
            throws RefusedException {
        if (token == null || token.isBlank()) {
            throw new RefusedException(Refusal.MISSING);
        }
        List<PublicKey> keys = keysByCustomer.get(customer);
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
        checkClaims(claims, username);
        checkIntent(claims, operation, transactionData);
        // Last, after the signature: only a token the customer really minted may take a place in the ledger.
        Instant rememberUntil = claims.getExpirationTime().toInstant().plus(skew);
        boolean firstUse;
        try {
            firstUse = usedTokens.firstUse(customer, claims.getJWTID(), rememberUntil);
        } catch (UsedTokens.UnavailableException e) {
            throw new RefusedException(Refusal.LEDGER_UNAVAILABLE);
        }
        if (!firstUse) {
            throw new RefusedException(Refusal.REPLAYED);
        }
        return claims.getJWTID();
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

    private void checkClaims(JWTClaimsSet claims, String username) throws RefusedException {
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
        if (!expiresAt.toInstant().plus(skew).isAfter(now)) {
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
