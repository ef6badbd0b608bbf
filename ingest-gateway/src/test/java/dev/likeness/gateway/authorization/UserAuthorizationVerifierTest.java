package dev.likeness.gateway.authorization;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.crypto.TransactionDataHash;
import dev.likeness.crypto.UserAuthorization;
import dev.likeness.crypto.UserAuthorization.Refusal;
import dev.likeness.database.UsedTokens;
import dev.likeness.testsupport.TestKeys;
import dev.likeness.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
        customerEc = TestKeys.ec();
        customerRsa = TestKeys.rsa();
        var keys = Map.of("demo", List.of(customerEc.getPublic(), customerRsa.getPublic()));
        verifier = new UserAuthorizationVerifier(new UserAuthorization(keys, "likeness", Duration.ofMinutes(10), Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC)), ledger);
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

    String es256(JWTClaimsSet claims) {
        return TestTokens.signed(customerEc.getPrivate(), claims);
    }

    Refusal refusal(String customer, String username, String token) {
        return catchThrowableOfType(UserAuthorization.RefusedException.class,
                () -> verifier.verify(customer, username, "auth", TD, token)).refusal();
    }

    Refusal refusalFor(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder builder = claims("alice");
        change.accept(builder);
        return refusal("demo", "alice", es256(builder.build()));
    }

    @Test
    void acceptsAFreshTokenOfTheCustomerForThisUserOnce() throws Exception {
        JWTClaimsSet claims = claims("alice").build();
        String token = es256(claims);
        assertThat(verifier.verify("demo", "alice", "auth", TD, token)).as("its jti, for the transaction JWT's nonce")
                .isEqualTo(claims.getJWTID());
        assertThat(refusal("demo", "alice", token)).isEqualTo(Refusal.REPLAYED);
    }

    @Test
    void onlyATokenThatPassedEveryOtherCheckTakesAPlaceInTheLedger() throws Exception {
        String forged = TestTokens.signed(TestKeys.ec().getPrivate(), claims("alice").build());
        assertThat(refusal("demo", "alice", forged)).isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusalFor(c -> c.claim("op", "enroll"))).isEqualTo(Refusal.WRONG_OPERATION);
        assertThat(ledger.recorded).as("a flood of forged or misdirected tokens cannot fill the ledger").isZero();
    }

    @Test
    void whenTheLedgerCannotBeReachedAValidTokenIsStillRefused() throws Exception {
        ledger.down = true;
        assertThat(refusal("demo", "alice", es256(claims("alice").build()))).isEqualTo(Refusal.LEDGER_UNAVAILABLE);
    }

    @Test
    void acceptsRs256TokensSignedWithAnotherConfiguredKey() throws Exception {
        String token = TestTokens.signed(customerRsa.getPrivate(), claims("alice").build());
        assertThatCode(() -> verifier.verify("demo", "alice", "auth", TD, token)).doesNotThrowAnyException();
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
        assertThat(refusal("demo", "alice", TestTokens.signed(TestKeys.ec().getPrivate(), claims("alice").build())))
                .isEqualTo(Refusal.BAD_SIGNATURE);
    }

    /** A token whose claims do not fit this session: each row changes one claim of a valid token. */
    static Stream<Arguments> claimsThatDoNotFit() {
        return Stream.of(
                Arguments.of("another user", change(c -> c.subject("mallory")), Refusal.WRONG_SUBJECT),
                Arguments.of("another audience", change(c -> c.audience("someone-else")), Refusal.WRONG_AUDIENCE),
                Arguments.of("no iat", change(c -> c.issueTime(null)), Refusal.NO_ISSUED_AT),
                Arguments.of("no exp", change(c -> c.expirationTime(null)), Refusal.NO_EXPIRY),
                Arguments.of("expired", change(c -> c.issueTime(Date.from(NOW.minusSeconds(600)))
                        .expirationTime(Date.from(NOW.minusSeconds(60)))), Refusal.EXPIRED),
                Arguments.of("issued in the future", change(c -> c.issueTime(Date.from(NOW.plusSeconds(120)))
                        .expirationTime(Date.from(NOW.plusSeconds(300)))), Refusal.ISSUED_IN_FUTURE),
                Arguments.of("an hour's lifetime", change(c -> c.expirationTime(Date.from(NOW.plusSeconds(3600)))),
                        Refusal.LIFETIME_TOO_LONG),
                Arguments.of("no jti", change(c -> c.jwtID(null)), Refusal.NO_JTI));
    }

    /** Names a change of the claims for the table's type inference. */
    static Consumer<JWTClaimsSet.Builder> change(Consumer<JWTClaimsSet.Builder> change) {
        return change;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claimsThatDoNotFit")
    void refusesTokensWhoseClaimsDoNotFit(String what, Consumer<JWTClaimsSet.Builder> change, Refusal expected) throws Exception {
        assertThat(refusalFor(change)).isEqualTo(expected);
    }

    /** The browser may not change what the backend authorized: each row is an attack and its refusal. */
    static Stream<Arguments> intentAttacks() {
        String otherHash = TransactionDataHash.of("pay 10000 EUR to Mallory");
        return Stream.of(
                Arguments.of("an auth token used to enroll", "enroll", TD, change(c -> { }), Refusal.WRONG_OPERATION),
                Arguments.of("changed transaction data", "auth", "pay 10000 EUR to Mallory", change(c -> { }),
                        Refusal.WRONG_TRANSACTION_DATA),
                Arguments.of("transaction data with a trailing space", "auth", TD + " ", change(c -> { }), Refusal.WRONG_TRANSACTION_DATA),
                Arguments.of("a token without op", "auth", TD, change(c -> c.claim("op", null)), Refusal.WRONG_OPERATION),
                Arguments.of("op in another case", "auth", TD, change(c -> c.claim("op", "AUTH")), Refusal.WRONG_OPERATION),
                Arguments.of("a token without td_hash", "auth", TD, change(c -> c.claim("td_hash", null)), Refusal.WRONG_TRANSACTION_DATA),
                Arguments.of("td_hash of other data", "auth", TD, change(c -> c.claim("td_hash", otherHash)),
                        Refusal.WRONG_TRANSACTION_DATA),
                Arguments.of("td_hash as a number", "auth", TD, change(c -> c.claim("td_hash", 42)), Refusal.WRONG_TRANSACTION_DATA),
                Arguments.of("the transaction data in clear instead of its hash", "auth", TD, change(c -> c.claim("td_hash", TD)),
                        Refusal.WRONG_TRANSACTION_DATA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("intentAttacks")
    void refusesAStartWhoseOperationOrTransactionDataTheTokenDidNotAuthorize(String what, String operation, String transactionData,
            Consumer<JWTClaimsSet.Builder> token, Refusal expected) {
        JWTClaimsSet.Builder builder = claims("alice");
        token.accept(builder);
        String signed = es256(builder.build());
        assertThat(catchThrowableOfType(UserAuthorization.RefusedException.class,
                () -> verifier.verify("demo", "alice", operation, transactionData, signed)).refusal()).isEqualTo(expected);
    }
}
