package dev.likeness.system;

import com.nimbusds.jwt.SignedJWT;
import dev.likeness.client.CustomerBackend;
import dev.likeness.client.ProtocolConnection;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.KeyRotation;
import dev.likeness.launcher.StackScale;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.ServerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.likeness.system.Sessions.ANSWER_TIMEOUT;
import static dev.likeness.system.Sessions.START_TRANSACTION_DATA;
import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.newUsername;
import static dev.likeness.system.Sessions.next;
import static dev.likeness.system.Sessions.start;
import static dev.likeness.system.Sessions.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack scaled out as a deployment runs it: two gateways (each reading its own partition of
 * session events), two jwt-verifiers, one database. Single-use tokens are single-use across
 * instances and restarts (the ledgers are in PostgreSQL), and each gateway's clients get their
 * own results, also after a gateway is killed and restarted. A stack of its own: it kills parts.
 */
class ScaledOutSystemTest {

    @RegisterExtension
    static final OwnStack own = new OwnStack("scaled-out", new StackScale(1, 2, 2));

    static URI gateway(int number) throws Exception {
        return own.local().instance(number == 1 ? "ingest-gateway" : "ingest-gateway-" + number).sessionsUrl();
    }

    static CustomerBackend backendOfVerifier(int number) throws Exception {
        URI verifier = own.local().instance(number == 1 ? "jwt-verifier" : "jwt-verifier-" + number).verifyUrl();
        return new CustomerBackend(own.local().customer().loadAuthorizationPrivateKey(), DemoCustomer.TOKEN_AUDIENCE, verifier,
                own.local().customer().loadVerifierCallerKey(), Optional.of(own.local().customer().tls().caCertificate()));
    }

    /** Sends a Start with {@code token} to gateway {@code number}; the first answer. */
    static ServerMessage startOn(int number, String username, String token) throws Exception {
        try (ProtocolConnection connection = ProtocolConnection.open(gateway(number), ANSWER_TIMEOUT)) {
            connection.send(start(username, Operation.ENROLL, token, DemoCustomer.IMAGE_KEY_ID));
            return next(connection);
        }
    }

    static SessionReport run(int gateway, Operation operation, String username, String face, String transactionData) throws Exception {
        SessionClient client = new SessionClient(gateway(gateway), 20, Duration.ofSeconds(60));
        return client.run(new SessionClient.Request(DemoCustomer.NAME, username, operation, transactionData,
                        token(own.stack(), username, operation, transactionData), DemoCustomer.IMAGE_KEY_ID,
                        own.stack().customer().loadImagePublicKey()),
                faces(face), timing -> { });
    }

    @Test
    void aUserTokenOpensOneSessionAcrossGatewaysAndTheirRestarts() throws Exception {
        String user = newUsername("replay");
        String used = token(own.stack(), user, Operation.ENROLL, START_TRANSACTION_DATA);
        assertThat(startOn(1, user, used).getKindCase()).isEqualTo(ServerMessage.KindCase.READY);
        ServerMessage replayed = startOn(2, user, used);
        assertThat(replayed.getError().getCode()).as("the same token at the other gateway").isEqualTo(ErrorCode.SERVER_FORBIDDEN);

        String usedBeforeCrash = token(own.stack(), user, Operation.ENROLL, START_TRANSACTION_DATA);
        assertThat(startOn(2, user, usedBeforeCrash).getKindCase()).isEqualTo(ServerMessage.KindCase.READY);
        own.local().kill("ingest-gateway-2");
        own.local().startAgain("ingest-gateway-2");
        assertThat(startOn(2, user,
                usedBeforeCrash).getError().getCode()).as("after the gateway's restart").isEqualTo(ErrorCode.SERVER_FORBIDDEN);
        assertThat(startOn(1, user, usedBeforeCrash).getError().getCode()).isEqualTo(ErrorCode.SERVER_FORBIDDEN);
        assertThat(startOn(2, user, token(own.stack(), user, Operation.ENROLL, START_TRANSACTION_DATA)).getKindCase())
                .as("a fresh token still opens a session").isEqualTo(ServerMessage.KindCase.READY);
    }

    @Test
    void aTransactionJwtVerifiesOnceAcrossVerifiersAndTheirRestarts() throws Exception {
        String user = newUsername("verified-once");
        assertThat(run(1, Operation.ENROLL, user, "grace-hopper", "open an account").finished()).isTrue();
        SessionReport first = run(2, Operation.AUTH, user, "grace-hopper-second-photo", "pay 10 EUR");
        String jwt = first.transactionJwt().orElseThrow(() -> new AssertionError("no JWT: " + first.error()));
        assertThat(backendOfVerifier(2).verify(jwt, DemoCustomer.NAME, user, "auth", "pay 10 EUR").valid()).isTrue();
        assertThat(backendOfVerifier(1).verify(jwt, DemoCustomer.NAME, user, "auth", "pay 10 EUR").reason())
                .as("presented again, to the other verifier").isEqualTo("replayed");

        SessionReport second = run(1, Operation.AUTH, user, "grace-hopper-second-photo", "pay 20 EUR");
        String secondJwt = second.transactionJwt().orElseThrow(() -> new AssertionError("no JWT: " + second.error()));
        assertThat(backendOfVerifier(1).verify(secondJwt, DemoCustomer.NAME, user, "auth", "pay 20 EUR").valid()).isTrue();
        own.local().kill("jwt-verifier");
        own.local().startAgain("jwt-verifier");
        assertThat(backendOfVerifier(1).verify(secondJwt, DemoCustomer.NAME, user, "auth", "pay 20 EUR").reason())
                .as("presented again after the verifier's restart").isEqualTo("replayed");
    }

    @Test
    void aTemplateKeyRotationReSealsEveryTemplateAndTheOldKeyGoes() throws Exception {
        String user = newUsername("rotated");
        assertThat(run(1, Operation.ENROLL, user, "grace-hopper", "before the rotation").finished()).isTrue();

        KeyRotation.TemplateReseal reseal = own.local().keys().rotateTemplateKey();

        assertThat(reseal.resealed()).as("at least this test's user").isPositive();
        assertThat(reseal.unreadable()).isZero();
        assertThat(own.local().customer().previousTemplateKeys()).as("the old key is deleted").isEmpty();
        // auth-service once more, with the new key alone: every template must open with it.
        own.local().stop("auth-service");
        own.local().startAgain("auth-service");
        SessionReport authenticated = run(1, Operation.AUTH, user, "grace-hopper-second-photo", "after the rotation");
        assertThat(authenticated.error()).isEmpty();
        assertThat(authenticated.finished()).isTrue();
    }

    @Test
    void aSigningKeyRotationNeedsNoVerifierRestart() throws Exception {
        String user = newUsername("signing-rotation");
        assertThat(run(1, Operation.ENROLL, user, "grace-hopper", "enroll").finished()).isTrue();
        String before = run(1, Operation.AUTH, user, "grace-hopper-second-photo", "signed before").transactionJwt().orElseThrow();
        assertThat(backendOfVerifier(2).verify(run(1, Operation.AUTH, user, "grace-hopper-second-photo",
                "warm").transactionJwt().orElseThrow(),
                DemoCustomer.NAME, user, "auth", "warm").valid()).as("verifier 2 has fetched and cached the old key").isTrue();

        String newKeyId = own.local().keys().rotateSigningKey();

        String after = run(1, Operation.AUTH, user, "grace-hopper-second-photo", "signed after").transactionJwt().orElseThrow();
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKeyId);
        // The running verifier refetches the JWKS on the unknown kid (at most every 10 s: it may have fetched just now).
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        CustomerBackend.Verification verdict = backendOfVerifier(2).verify(after, DemoCustomer.NAME, user, "auth", "signed after");
        while (!verdict.valid() && "unknown_key".equals(verdict.reason()) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            verdict = backendOfVerifier(2).verify(after, DemoCustomer.NAME, user, "auth", "signed after");
        }
        assertThat(verdict.valid()).as("a token of the new key, at a verifier started before the rotation: " + verdict.reason()).isTrue();
        assertThat(backendOfVerifier(2).verify(before, DemoCustomer.NAME, user, "auth", "signed before").valid())
                .as("a token the old key signed before the rotation, still within its lifetime").isTrue();
    }

    @Test
    void concurrentSessionsOnBothGatewaysGetTheirOwnResultsAlsoAfterARestart() throws Exception {
        List<String> users = List.of(newUsername("gw1-a"), newUsername("gw1-b"), newUsername("gw2-a"), newUsername("gw2-b"));
        enrollConcurrently(users);

        own.local().kill("ingest-gateway");
        own.local().startAgain("ingest-gateway");
        enrollConcurrently(List.of(newUsername("gw1-c"), newUsername("gw1-d"), newUsername("gw2-c"), newUsername("gw2-d")));
    }

    /** Enrolls the first half of {@code users} through gateway 1 and the rest through gateway 2, all at once. */
    private static void enrollConcurrently(List<String> users) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(users.size());
        try {
            List<Future<SessionReport>> reports = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                int gateway = i < users.size() / 2 ? 1 : 2;
                String user = users.get(i);
                reports.add(clients.submit(() -> run(gateway, Operation.ENROLL, user, "grace-hopper", "enroll " + user)));
            }
            for (int i = 0; i < users.size(); i++) {
                SessionReport report = reports.get(i).get();
                assertThat(report.error()).as(users.get(i)).isEmpty();
                // The JWT names the user and the transaction of this client's session: no other session's decision reached it.
                String claims = new String(Base64.getUrlDecoder().decode(report.transactionJwt().orElseThrow().split("\\.")[1]));
                assertThat(claims).contains("\"sub\":\"" + users.get(i) + "\"").contains("\"td\":\"enroll " + users.get(i) + "\"");
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
