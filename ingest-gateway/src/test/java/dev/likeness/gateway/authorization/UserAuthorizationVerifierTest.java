package dev.likeness.gateway.authorization;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.crypto.TransactionDataHash;
import dev.likeness.database.UsedTokens;
import dev.likeness.gateway.authorization.UserAuthorizationVerifier.Refusal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UserAuthorizationVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final String TD = "pay 10 EUR to Bob";
    KeyPair customerEc;
    KeyPair customerRsa;
    UserAuthorizationVerifier verifier;

    final CountingLedger ledger = new CountingLedger();

    @BeforeEach
    void setUp() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        customerEc = ec.generateKeyPair();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        customerRsa = rsa.generateKeyPair();
        verifier = new UserAuthorizationVerifier(Map.of("demo", List.of(customerEc.getPublic(), customerRsa.getPublic())),
                "likeness", Duration.ofMinutes(10), Duration.ofSeconds(30), ledger, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Counts the uses recorded, and fails them all when {@code down}. */
    final class CountingLedger implements UsedTokens {
        final UsedTokens memory = UsedTokens.inMemory(Clock.fixed(NOW, ZoneOffset.UTC));
        int recorded;
        boolean down;

        @Override
        public boolean firstUse(String namespace, String id, Instant rememberUntil) throws UnavailableException {
            if (down) {
                throw new UnavailableException("database down", null);
            }
            recorded++;
            assertThat(rememberUntil).as("remembered for as long as it could be accepted").isAfterOrEqualTo(NOW.plusSeconds(30));
            return memory.firstUse(namespace, id, rememberUntil);
        }
    }

    /** A token the backend minted for {@code subject} to authenticate and sign {@link #TD}. */
    static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().subject(subject).audience("likeness")
                .claim("op", "auth").claim("td_hash", TransactionDataHash.of(TD))
                .issueTime(Date.from(NOW.minusSeconds(10))).expirationTime(Date.from(NOW.plusSeconds(290)))
                .jwtID(UUID.randomUUID().toString());
    }

    String es256(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        jwt.sign(new ECDSASigner(customerEc.getPrivate(), Curve.P_256));
        return jwt.serialize();
    }

    Refusal refusal(String customer, String username, String token) {
        return catchThrowableOfType(UserAuthorizationVerifier.RefusedException.class,
                () -> verifier.verify(customer, username, "auth", TD, token)).refusal();
    }

    Refusal refusalFor(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder builder = claims("alice");
        change.accept(builder);
        return refusal("demo", "alice", es256(builder.build()));
    }

    @Test
    void acceptsAFreshTokenOfTheCustomerForThisUserOnce() throws Exception {
        String token = es256(claims("alice").build());
        assertThatCode(() -> verifier.verify("demo", "alice", "auth", TD, token)).doesNotThrowAnyException();
        assertThat(refusal("demo", "alice", token)).isEqualTo(Refusal.REPLAYED);
    }

    @Test
    void onlyATokenThatPassedEveryOtherCheckTakesAPlaceInTheLedger() throws Exception {
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims("alice").build());
        forged.sign(new ECDSASigner(otherEc().getPrivate(), Curve.P_256));
        assertThat(refusal("demo", "alice", forged.serialize())).isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusalFor(c -> c.claim("op", "enroll"))).isEqualTo(Refusal.WRONG_OPERATION);
        assertThat(ledger.recorded).as("a flood of forged or misdirected tokens cannot fill the ledger").isZero();
    }

    @Test
    void whenTheLedgerCannotBeReachedAValidTokenIsStillRefused() throws Exception {
        ledger.down = true;
        assertThat(refusal("demo", "alice", es256(claims("alice").build()))).isEqualTo(Refusal.LEDGER_UNAVAILABLE);
    }

    static KeyPair otherEc() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    @Test
    void acceptsRs256TokensSignedWithAnotherConfiguredKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims("alice").build());
        jwt.sign(new RSASSASigner(customerRsa.getPrivate()));
        assertThatCode(() -> verifier.verify("demo", "alice", "auth", TD, jwt.serialize())).doesNotThrowAnyException();
    }

    @Test
    void refusesMissingAndMalformedTokensAndUnknownCustomers() throws Exception {
        assertThat(refusal("demo", "alice", "")).isEqualTo(Refusal.MISSING);
        assertThat(refusal("demo", "alice", null)).isEqualTo(Refusal.MISSING);
        assertThat(refusal("demo", "alice", "a.b.c")).isEqualTo(Refusal.MALFORMED);
        assertThat(refusal("acme", "alice", es256(claims("alice").build()))).isEqualTo(Refusal.UNKNOWN_CUSTOMER);
    }

    @Test
    void refusesUnsignedAndSymmetricallySignedTokens() throws Exception {
        assertThat(refusal("demo", "alice", new PlainJWT(claims("alice").build()).serialize())).isEqualTo(Refusal.MALFORMED);
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("alice").build());
        hs.sign(new MACSigner(new byte[32]));
        assertThat(refusal("demo", "alice", hs.serialize())).isEqualTo(Refusal.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void refusesATokenSignedByAnotherKey() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims("alice").build());
        jwt.sign(new ECDSASigner(ec.generateKeyPair().getPrivate(), Curve.P_256));
        assertThat(refusal("demo", "alice", jwt.serialize())).isEqualTo(Refusal.BAD_SIGNATURE);
    }

    @Test
    void refusesTokensWhoseClaimsDoNotFit() throws Exception {
        assertThat(refusal("demo", "alice", es256(claims("mallory").build()))).isEqualTo(Refusal.WRONG_SUBJECT);
        assertThat(refusalFor(c -> c.audience("someone-else"))).isEqualTo(Refusal.WRONG_AUDIENCE);
        assertThat(refusalFor(c -> c.issueTime(null))).isEqualTo(Refusal.NO_ISSUED_AT);
        assertThat(refusalFor(c -> c.expirationTime(null))).isEqualTo(Refusal.NO_EXPIRY);
        assertThat(refusalFor(c -> c.issueTime(Date.from(NOW.minusSeconds(600))).expirationTime(Date.from(NOW.minusSeconds(60)))))
                .isEqualTo(Refusal.EXPIRED);
        assertThat(refusalFor(c -> c.issueTime(Date.from(NOW.plusSeconds(120))).expirationTime(Date.from(NOW.plusSeconds(300)))))
                .isEqualTo(Refusal.ISSUED_IN_FUTURE);
        assertThat(refusalFor(c -> c.expirationTime(Date.from(NOW.plusSeconds(3600))))).isEqualTo(Refusal.LIFETIME_TOO_LONG);
        assertThat(refusalFor(c -> c.jwtID(null))).isEqualTo(Refusal.NO_JTI);
    }

    /** The browser may not change what the backend authorized: each row is an attack and its refusal. */
    @Test
    void refusesAStartWhoseOperationOrTransactionDataTheTokenDidNotAuthorize() throws Exception {
        record Attack(String what, String operation, String transactionData, Consumer<JWTClaimsSet.Builder> token, Refusal expected) {
        }
        String otherHash = TransactionDataHash.of("pay 10000 EUR to Mallory");
        for (Attack attack : List.of(
                new Attack("an auth token used to enroll", "enroll", TD, c -> { }, Refusal.WRONG_OPERATION),
                new Attack("changed transaction data", "auth", "pay 10000 EUR to Mallory", c -> { }, Refusal.WRONG_TRANSACTION_DATA),
                new Attack("transaction data with a trailing space", "auth", TD + " ", c -> { }, Refusal.WRONG_TRANSACTION_DATA),
                new Attack("a token without op", "auth", TD, c -> c.claim("op", null), Refusal.WRONG_OPERATION),
                new Attack("op in another case", "auth", TD, c -> c.claim("op", "AUTH"), Refusal.WRONG_OPERATION),
                new Attack("a token without td_hash", "auth", TD, c -> c.claim("td_hash", null), Refusal.WRONG_TRANSACTION_DATA),
                new Attack("td_hash of other data", "auth", TD, c -> c.claim("td_hash", otherHash), Refusal.WRONG_TRANSACTION_DATA),
                new Attack("td_hash as a number", "auth", TD, c -> c.claim("td_hash", 42), Refusal.WRONG_TRANSACTION_DATA),
                new Attack("the transaction data in clear instead of its hash", "auth", TD, c -> c.claim("td_hash", TD),
                Refusal.WRONG_TRANSACTION_DATA))) {
            JWTClaimsSet.Builder builder = claims("alice");
            attack.token().accept(builder);
            String token = es256(builder.build());
            assertThat(catchThrowableOfType(UserAuthorizationVerifier.RefusedException.class,
                    () -> verifier.verify("demo", "alice", attack.operation(), attack.transactionData(), token)).refusal())
                    .as(attack.what()).isEqualTo(attack.expected());
        }
    }
}
