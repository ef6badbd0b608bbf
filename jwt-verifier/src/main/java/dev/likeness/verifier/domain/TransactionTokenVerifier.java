package dev.likeness.verifier.domain;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.database.UsedTokens;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a transaction JWT for a customer backend, following RFC 8725: the algorithm is taken
 * from an allow-list, never from the token; the key must be one the authentication service
 * published, matching the algorithm; issuer, audience and times are checked; `sub` is the user the
 * customer is logging in, and `op`, `td` and `nonce` equal what it expects (and liveness passed, when
 * it requires that); a token is accepted once.
 */
public final class TransactionTokenVerifier {

    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);
    private static final Set<String> REQUIRED = Set.of("iss", "sub", "aud", "iat", "exp", "jti", "td", "op");

    private final KeySource keys;
    private final String issuer;
    private final Duration skew;
    private final Clock clock;
    // Shared by every verifier instance (PostgreSQL): a transaction JWT completes one transaction, wherever it is presented.
    private final UsedTokens usedTokens;

    public TransactionTokenVerifier(KeySource keys, String issuer, Duration skew, UsedTokens usedTokens, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.skew = skew;
        this.usedTokens = usedTokens;
        this.clock = clock;
    }

    /** Whether {@code token} is a genuine transaction JWT proving what {@code expected} says; its first presentation only. */
    public Verdict verify(String token, Expectation expected) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            return Verdict.invalid(Verdict.Reason.MALFORMED);
        }
        // An unsecured (alg "none") or encrypted token is never a transaction JWT.
        if (!(parsed instanceof SignedJWT jwt) || !ALLOWED.contains(jwt.getHeader().getAlgorithm())) {
            return Verdict.invalid(Verdict.Reason.ALGORITHM_NOT_ALLOWED);
        }
        Optional<JWK> key;
        try {
            key = jwt.getHeader().getKeyID() == null ? Optional.empty() : keys.find(jwt.getHeader().getKeyID());
        } catch (KeySource.KeysUnavailableException e) {
            return Verdict.invalid(Verdict.Reason.KEYS_UNAVAILABLE);
        }
        if (key.isEmpty()) {
            return Verdict.invalid(Verdict.Reason.UNKNOWN_KEY);
        }
        if (!signatureHolds(jwt, key.get())) {
            return Verdict.invalid(Verdict.Reason.BAD_SIGNATURE);
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Verdict.invalid(Verdict.Reason.MALFORMED);
        }
        return checkClaims(claims, expected);
    }

    private static boolean livenessPassed(JWTClaimsSet claims) {
        try {
            Map<String, Object> liveness = claims.getJSONObjectClaim("liveness");
            return liveness != null && "pass".equals(liveness.get("result"));
        } catch (ParseException e) {
            return false;
        }
    }

    private static boolean signatureHolds(SignedJWT jwt, JWK key) {
        try {
            JWSVerifier verifier;
            if (jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.ES256) && key instanceof ECKey ec) {
                verifier = new ECDSAVerifier(ec);
            } else if (jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.RS256) && key instanceof RSAKey rsa) {
                verifier = new RSASSAVerifier(rsa);
            } else {
                return false;
            }
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    private Verdict checkClaims(JWTClaimsSet claims, Expectation expected) {
        if (!claims.getClaims().keySet().containsAll(REQUIRED)) {
            return Verdict.invalid(Verdict.Reason.MISSING_CLAIM);
        }
        if (!issuer.equals(claims.getIssuer())) {
            return Verdict.invalid(Verdict.Reason.WRONG_ISSUER);
        }
        if (!claims.getAudience().contains(expected.customer())) {
            return Verdict.invalid(Verdict.Reason.WRONG_AUDIENCE);
        }
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (!expiry.toInstant().plus(skew).isAfter(now)) {
            return Verdict.invalid(Verdict.Reason.EXPIRED);
        }
        if (claims.getIssueTime().toInstant().isAfter(now.plus(skew))) {
            return Verdict.invalid(Verdict.Reason.ISSUED_IN_FUTURE);
        }
        // Another user's genuine JWT submitted in this user's login is the substitution this refuses.
        if (!expected.username().equals(claims.getSubject())) {
            return Verdict.invalid(Verdict.Reason.WRONG_SUBJECT);
        }
        if (expected.operation().isPresent() && !expected.operation().get().equals(claims.getClaim("op"))) {
            return Verdict.invalid(Verdict.Reason.OPERATION_MISMATCH);
        }
        if (expected.transactionData().isPresent() && !expected.transactionData().get().equals(claims.getClaim("td"))) {
            return Verdict.invalid(Verdict.Reason.TRANSACTION_DATA_MISMATCH);
        }
        if (expected.nonce().isPresent() && !expected.nonce().get().equals(claims.getClaim("nonce"))) {
            return Verdict.invalid(Verdict.Reason.NONCE_MISMATCH);
        }
        if (expected.livenessPass() && !livenessPassed(claims)) {
            return Verdict.invalid(Verdict.Reason.LIVENESS_NOT_PASSED);
        }
        boolean firstUse;
        try {
            firstUse = usedTokens.firstUse(expected.customer(), claims.getJWTID(), expiry.toInstant().plus(skew));
        } catch (UsedTokens.UnavailableException e) {
            return Verdict.invalid(Verdict.Reason.LEDGER_UNAVAILABLE); // unknown whether it was used: not valid
        }
        if (!firstUse) {
            return Verdict.invalid(Verdict.Reason.REPLAYED);
        }
        return Verdict.valid(claims.toJSONObject());
    }
}
