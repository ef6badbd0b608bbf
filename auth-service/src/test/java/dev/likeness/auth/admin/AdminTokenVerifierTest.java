package dev.likeness.auth.admin;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.database.UsedTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each attack on the admin API's token, and the one token that passes, once. */
class AdminTokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    KeyPair demo;
    KeyPair acme;
    AdminTokenVerifier verifier;

    static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    @BeforeEach
    void setUp() throws Exception {
        demo = ec();
        acme = ec();
        verifier = new AdminTokenVerifier(Map.of("demo", List.of(demo.getPublic()), "acme", List.of(acme.getPublic()), "nokeys", List.of()),
                UsedTokens.inMemory(Clock.fixed(NOW, ZoneOffset.UTC)), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("ops@bank.example").audience("likeness-admin")
                .issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(115))).jwtID(UUID.randomUUID()
                .toString());
    }

    static String es256(PrivateKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        jwt.sign(new ECDSASigner(key, Curve.P_256));
        return jwt.serialize();
    }

    @Test
    void aFreshTokenOfTheCustomersAdminKeyPassesOnceAndNamesWhoActs() throws Exception {
        String token = es256(demo.getPrivate(), claims().build());
        assertThat(verifier.verify("demo", token)).isEqualTo("ops@bank.example");
        assertThatThrownBy(() -> verifier.verify("demo", token)).hasMessage("token used before");
    }

    @Test
    void withoutItsLedgerNoTokenPasses() throws Exception {
        AdminTokenVerifier blind = new AdminTokenVerifier(Map.of("demo", List.of(demo.getPublic())), (namespace, id, until) -> {
            throw new UsedTokens.UnavailableException("database down", null);
        }, Clock.fixed(NOW, ZoneOffset.UTC));
        String token = es256(demo.getPrivate(), claims().build());
        assertThatThrownBy(() -> blind.verify("demo", token)).isInstanceOf(UsedTokens.UnavailableException.class);
    }

    @Test
    void everyOtherTokenIsRefused() throws Exception {
        record Attack(String what, String customer, String token) {
        }
        UnaryOperator<JWTClaimsSet.Builder> none = c -> c;
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        hs.sign(new MACSigner(new byte[32]));
        for (Attack attack : List.of(
                new Attack("no token", "demo", null),
                new Attack("garbage", "demo", "a.b.c"),
                new Attack("unsigned", "demo", new PlainJWT(claims().build()).serialize()),
                new Attack("HMAC", "demo", hs.serialize()),
                new Attack("another customer's key", "demo", es256(acme.getPrivate(), claims().build())),
                new Attack("a customer without admin keys", "nokeys", es256(demo.getPrivate(), claims().build())),
                new Attack("an unknown customer", "mallory", es256(demo.getPrivate(), claims().build())),
                new Attack("a user token (audience likeness)", "demo", es256(demo.getPrivate(), claims().audience("likeness").build())),
                new Attack("no subject", "demo", es256(demo.getPrivate(), claims().subject(null).build())),
                new Attack("no jti", "demo", es256(demo.getPrivate(), claims().jwtID(null).build())),
                new Attack("expired", "demo", es256(demo.getPrivate(), claims().issueTime(Date.from(NOW.minusSeconds(600)))
                        .expirationTime(Date.from(NOW.minusSeconds(300))).build())),
                new Attack("an hour long", "demo", es256(demo.getPrivate(),
                claims().expirationTime(Date.from(NOW.plusSeconds(3600))).build())),
                new Attack("issued in the future", "demo", es256(demo.getPrivate(), claims().issueTime(Date.from(NOW.plusSeconds(120)))
                        .expirationTime(Date.from(NOW.plusSeconds(200))).build())))) {
            assertThatThrownBy(() -> verifier.verify(attack.customer(), attack.token())).as(attack.what())
                    .isInstanceOf(AdminTokenVerifier.RefusedException.class);
        }
    }
}
