package dev.likeness.verifier.domain;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.database.UsedTokens;
import dev.likeness.verifier.domain.Verdict.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionTokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    ECKey signing;
    RSAKey rsaSigning;
    TransactionTokenVerifier verifier;
    boolean keysReachable = true;
    boolean ledgerReachable = true;

    @BeforeEach
    void setUp() throws Exception {
        signing = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        rsaSigning = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        Map<String, JWK> published = Map.of("ec-1", signing.toPublicJWK(), "rsa-1", rsaSigning.toPublicJWK());
        KeySource keys = kid -> {
            if (!keysReachable) {
                throw new KeySource.KeysUnavailableException("down", null);
            }
            return Optional.ofNullable(published.get(kid));
        };
        UsedTokens memory = UsedTokens.inMemory(Clock.fixed(NOW, ZoneOffset.UTC));
        UsedTokens ledger = (namespace, id, until) -> {
            if (!ledgerReachable) {
                throw new UsedTokens.UnavailableException("down", null);
            }
            return memory.firstUse(namespace, id, until);
        };
        verifier = new TransactionTokenVerifier(keys, "likeness", Duration.ofSeconds(30), ledger, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer("likeness").subject("grace").audience("demo")
                .issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(295)))
                .jwtID(UUID.randomUUID().toString()).claim("td", "pay 10 EUR").claim("op", "auth");
    }

    String es256(JWTClaimsSet claims, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(signing));
        return jwt.serialize();
    }

    Verdict verify(String token) {
        return verifier.verify(token, new Expectation("demo", "grace", Optional.of("auth"), Optional.of("pay 10 EUR"), Optional.empty(),
                false));
    }

    Reason reasonFor(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder builder = claims();
        change.accept(builder);
        return verify(es256(builder.build(), "ec-1")).reason();
    }

    @Test
    void acceptsAGenuineTokenOnceWithItsClaims() throws Exception {
        String token = es256(claims().build(), "ec-1");
        Verdict verdict = verify(token);
        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.claims()).containsEntry("sub", "grace").containsEntry("td", "pay 10 EUR").containsEntry("op", "auth");
        assertThat(verify(token).reason()).isEqualTo(Reason.REPLAYED);
    }

    @Test
    void acceptsRs256FromTheRsaKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims().build());
        jwt.sign(new RSASSASigner(rsaSigning));
        assertThat(verify(jwt.serialize()).valid()).isTrue();
    }

    @Test
    void refusesAlgNoneAndHmacWhateverTheKid() throws Exception {
        assertThat(verify(new PlainJWT(claims().build()).serialize()).reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
        // The classic confusion attack: HS256 keyed with the public key's bytes.
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("ec-1").build(), claims().build());
        hs.sign(new MACSigner(signing.toPublicJWK().toJSONString().repeat(2).getBytes()));
        assertThat(verify(hs.serialize()).reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void refusesAForgedOrMismatchedSignature() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims().build());
        forged.sign(new ECDSASigner(attacker));
        assertThat(verify(forged.serialize()).reason()).isEqualTo(Reason.BAD_SIGNATURE);

        // A genuine signature over other claims.
        String[] genuine = es256(claims().build(), "ec-1").split("\\.");
        String otherClaims = Base64URL.encode(claims().subject("mallory").build().toString()).toString();
        assertThat(verify(genuine[0] + "." + otherClaims + "." + genuine[2]).reason()).isEqualTo(Reason.BAD_SIGNATURE);

        // ES256 header pointing at the RSA key.
        assertThat(verify(es256(claims().build(), "rsa-1")).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void aGenuineTokenIsNotValidWhileItsEarlierUseCannotBeChecked() throws Exception {
        String token = es256(claims().build(), "ec-1");
        ledgerReachable = false;
        assertThat(verify(token).reason()).isEqualTo(Reason.LEDGER_UNAVAILABLE);
        ledgerReachable = true;
        assertThat(verify(token).valid()).as("it was not recorded as used by the failed attempt").isTrue();
    }

    @Test
    void refusesUnknownOrMissingKeysAndReportsUnreachableKeys() throws Exception {
        assertThat(verify(es256(claims().build(), "retired")).reason()).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(verify(es256(claims().build(), null)).reason()).isEqualTo(Reason.UNKNOWN_KEY);
        keysReachable = false;
        assertThat(verify(es256(claims().build(), "ec-1")).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
    }

    @Test
    void refusesClaimsThatDoNotFit() throws Exception {
        assertThat(reasonFor(c -> c.issuer("someone"))).isEqualTo(Reason.WRONG_ISSUER);
        assertThat(reasonFor(c -> c.audience("acme"))).isEqualTo(Reason.WRONG_AUDIENCE);
        assertThat(reasonFor(c -> c.issueTime(Date.from(NOW.minusSeconds(900))).expirationTime(Date.from(NOW.minusSeconds(60)))))
                .isEqualTo(Reason.EXPIRED);
        assertThat(reasonFor(c -> c.issueTime(Date.from(NOW.plusSeconds(120))))).isEqualTo(Reason.ISSUED_IN_FUTURE);
        assertThat(reasonFor(c -> c.claim("td", "pay 10000 EUR"))).isEqualTo(Reason.TRANSACTION_DATA_MISMATCH);
        assertThat(reasonFor(c -> c.claim("op", "enroll"))).as("an enrollment's token where a payment's is expected")
                .isEqualTo(Reason.OPERATION_MISMATCH);
        assertThat(reasonFor(c -> c.subject("mallory"))).as("another user's JWT in this user's login").isEqualTo(Reason.WRONG_SUBJECT);
        assertThat(reasonFor(c -> c.jwtID(null))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(reasonFor(c -> c.claim("op", null))).isEqualTo(Reason.MISSING_CLAIM);
    }

    @Test
    void refusesGarbage() {
        assertThat(verify("").reason()).isEqualTo(Reason.MALFORMED);
        assertThat(verify("not-a-jwt").reason()).isEqualTo(Reason.MALFORMED);
        assertThat(verify("e30.e30.e30").reason()).isIn(Reason.MALFORMED, Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void skipsTheIntentChecksOnlyWhenNothingIsExpected() throws Exception {
        // what the endpoint allows only with likeness.verifier.require-intent=false
        assertThat(verifier.verify(es256(claims().claim("td", "anything").claim("op", "enroll").build(), "ec-1"),
                Expectation.of("demo", "grace")).valid()).isTrue();
        assertThat(verifier.verify(es256(claims().build(), "ec-1"), Expectation.of("demo", "mallory")).reason())
                .as("the user is always checked").isEqualTo(Reason.WRONG_SUBJECT);
    }

    /**
     * Token substitution with the nonce: Mallory's own session for the same transaction data gives
     * a genuine JWT of another login; the backend that names its login's user token is not fooled.
     */
    @Test
    void aNonceTheBackendExpectsBindsTheTokenToItsLogin() throws Exception {
        Expectation login = new Expectation("demo", "grace", Optional.of("auth"), Optional.of("pay 10 EUR"),
                Optional.of("token-of-this-login"), false);
        assertThat(verifier.verify(es256(claims().claim("nonce", "token-of-another-login").build(), "ec-1"), login).reason())
                .isEqualTo(Reason.NONCE_MISMATCH);
        assertThat(verifier.verify(es256(claims().build(), "ec-1"), login).reason()).as("no nonce at all").isEqualTo(Reason.NONCE_MISMATCH);
        assertThat(verifier.verify(es256(claims().claim("nonce", "token-of-this-login").build(), "ec-1"), login).valid()).isTrue();
    }

    /**
     * A backend that requires liveness takes only a JWT whose session's checks passed: an
     * unverified one, a failed one, or one with no liveness claim is refused, and not used up.
     */
    @Test
    void aBackendRequiringLivenessTakesOnlyAPass() throws Exception {
        Expectation strict = new Expectation("demo", "grace", Optional.of("auth"), Optional.of("pay 10 EUR"), Optional.empty(), true);
        for (Object liveness : List.of(Map.of("result", "unverified", "policy", "passive"), Map.of("result", "fail"), "pass")) {
            assertThat(verifier.verify(es256(claims().claim("liveness", liveness).build(), "ec-1"), strict).reason())
                    .as(String.valueOf(liveness)).isEqualTo(Reason.LIVENESS_NOT_PASSED);
        }
        assertThat(verifier.verify(es256(claims().build(), "ec-1"), strict).reason()).as("no claim").isEqualTo(Reason.LIVENESS_NOT_PASSED);
        String passed = es256(claims().claim("liveness", Map.of("result", "pass", "policy", "passive")).build(), "ec-1");
        assertThat(verifier.verify(passed, strict).valid()).isTrue();
        String unverified = es256(claims().claim("liveness", Map.of("result", "unverified")).build(), "ec-1");
        assertThat(verifier.verify(unverified, strict).valid()).isFalse();
        assertThat(verifier.verify(unverified, Expectation.of("demo", "grace")).valid()).as("refused above, so not used up").isTrue();
    }
}
