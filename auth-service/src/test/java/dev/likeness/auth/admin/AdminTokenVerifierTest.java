package dev.likeness.auth.admin;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.database.UsedTokens;
import dev.likeness.testsupport.TestKeys;
import dev.likeness.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each attack on the admin API's token, and the one token that passes, once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the attack table signs with this instance's keys
class AdminTokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    final KeyPair demo = TestKeys.ec();
    final KeyPair acme = TestKeys.ec();
    AdminTokenVerifier verifier;

    @BeforeEach
    void setUp() {
        verifier = new AdminTokenVerifier(Map.of("demo", List.of(demo.getPublic()), "acme", List.of(acme.getPublic()), "nokeys", List.of()),
                UsedTokens.inMemory(Clock.fixed(NOW, ZoneOffset.UTC)), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("ops@bank.example").audience("likeness-admin")
                .issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(115))).jwtID(UUID.randomUUID()
                .toString());
    }

    static String es256(PrivateKey key, JWTClaimsSet claims) {
        return TestTokens.signed(key, claims);
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

    Stream<Arguments> attacks() throws Exception {
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        hs.sign(new MACSigner(new byte[32]));
        return Stream.of(
                Arguments.of("no token", "demo", null),
                Arguments.of("garbage", "demo", "a.b.c"),
                Arguments.of("unsigned", "demo", new PlainJWT(claims().build()).serialize()),
                Arguments.of("HMAC", "demo", hs.serialize()),
                Arguments.of("another customer's key", "demo", es256(acme.getPrivate(), claims().build())),
                Arguments.of("a customer without admin keys", "nokeys", es256(demo.getPrivate(), claims().build())),
                Arguments.of("an unknown customer", "mallory", es256(demo.getPrivate(), claims().build())),
                Arguments.of("a user token (audience likeness)", "demo", es256(demo.getPrivate(), claims().audience("likeness").build())),
                Arguments.of("no subject", "demo", es256(demo.getPrivate(), claims().subject(null).build())),
                Arguments.of("no jti", "demo", es256(demo.getPrivate(), claims().jwtID(null).build())),
                Arguments.of("expired", "demo", es256(demo.getPrivate(), claims().issueTime(Date.from(NOW.minusSeconds(600)))
                        .expirationTime(Date.from(NOW.minusSeconds(300))).build())),
                Arguments.of("an hour long", "demo", es256(demo.getPrivate(),
                        claims().expirationTime(Date.from(NOW.plusSeconds(3600))).build())),
                Arguments.of("issued in the future", "demo", es256(demo.getPrivate(), claims().issueTime(Date.from(NOW.plusSeconds(120)))
                        .expirationTime(Date.from(NOW.plusSeconds(200))).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void everyOtherTokenIsRefused(String what, String customer, String token) {
        assertThatThrownBy(() -> verifier.verify(customer, token)).isInstanceOf(AdminTokenVerifier.RefusedException.class);
    }
}
