package dev.likeness.auth.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionTokenSignerTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final TransactionTokenSigner.Transaction PAYMENT =
            new TransactionTokenSigner.Transaction("demo", "grace", "auth", "pay 10 EUR to Bob", "session-1", "user-token-7",
                    Map.of("result", "unverified", "policy", "passive"));

    @Test
    void signsEs256WithKidAndEveryClaimACustomerChecks() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k-2026").generate();
        var signer = new TransactionTokenSigner(key, "likeness", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
        SignedJWT jwt = SignedJWT.parse(signer.sign(PAYMENT));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k-2026");
        assertThat(jwt.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("likeness");
        assertThat(claims.getSubject()).isEqualTo("grace");
        assertThat(claims.getAudience()).containsExactly("demo");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getClaim("td")).isEqualTo("pay 10 EUR to Bob");
        assertThat(claims.getClaim("op")).isEqualTo("auth");
        assertThat(claims.getClaim("nonce")).as("the user token's jti").isEqualTo("user-token-7");
        assertThat(SignedJWT.parse(signer.sign(PAYMENT)).getJWTClaimsSet().getJWTID()).isNotEqualTo(claims.getJWTID());
    }

    @Test
    void signsRs256WithAnRsaKeyAndPublishesOnlyPublicKeys() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        var signer = new TransactionTokenSigner(key, "likeness", Duration.ofMinutes(5), Clock.systemUTC());
        SignedJWT jwt = SignedJWT.parse(signer.sign(PAYMENT));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.verify(new RSASSAVerifier(key.toPublicJWK()))).isTrue();
        assertThat(signer.publicKeys().getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(signer.publicKeys().toString()).doesNotContain("\"d\"");
    }

    @Test
    void refusesAKeyWithoutKidOrWithoutPrivatePart() throws Exception {
        ECKey noKid = new ECKeyGenerator(Curve.P_256).generate();
        assertThatThrownBy(() -> new TransactionTokenSigner(noKid, "likeness", Duration.ofMinutes(5), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
        ECKey publicOnly = new ECKeyGenerator(Curve.P_256).keyID("k").generate().toPublicJWK();
        assertThatThrownBy(() -> new TransactionTokenSigner(publicOnly, "likeness", Duration.ofMinutes(5), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void afterARotationTheJwksPublishesThePreviousKeySoItsTokensStillVerify() throws Exception {
        ECKey old = new ECKeyGenerator(Curve.P_256).keyID("k-2026-11").generate();
        ECKey current = new ECKeyGenerator(Curve.P_256).keyID("k-2026-12").generate();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String signedBefore = new TransactionTokenSigner(old, "likeness", Duration.ofMinutes(5), clock).sign(PAYMENT);

        var rotated = new TransactionTokenSigner(current, List.of(old), "likeness", Duration.ofMinutes(5), clock);
        assertThat(rotated.publicKeys().getKeys()).extracting(JWK::getKeyID).containsExactly("k-2026-12", "k-2026-11");
        assertThat(rotated.publicKeys().getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        SignedJWT before = SignedJWT.parse(signedBefore);
        assertThat(before.verify(new ECDSAVerifier(rotated.publicKeys().getKeyByKeyId("k-2026-11").toECKey()))).isTrue();
        SignedJWT after = SignedJWT.parse(rotated.sign(PAYMENT));
        assertThat(after.getHeader().getKeyID()).as("signs with the current key").isEqualTo("k-2026-12");
        assertThat(after.verify(new ECDSAVerifier(rotated.publicKeys().getKeyByKeyId("k-2026-12").toECKey()))).isTrue();

        Assertions.assertThatThrownBy(() -> new TransactionTokenSigner(current, List.of(current), "likeness",
                Duration.ofMinutes(5), clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
