package dev.likeness.system;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.likeness.crypto.PemKeys;
import dev.likeness.crypto.TlsMaterial;
import dev.likeness.crypto.TransactionDataHash;
import dev.likeness.crypto.UserAuthorization;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.LocalCertificates;
import dev.likeness.proto.v1.AuthenticationGrpc;
import dev.likeness.proto.v1.AuthenticationRequest;
import dev.likeness.proto.v1.AuthenticationResponse;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.SessionContext;
import dev.likeness.testsupport.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may open a stream to auth-service on the real stack, and what it takes for a session
 * context to be used: mutual TLS with a certificate of the local CA that names auth-relay, and a
 * context carrying the user token the customer signed for it. Each attack is refused.
 */
@ExtendWith(RunningStack.class)
class GrpcMutualTlsSystemTest {

    /**
     * What a stream that Begins {@code context} on {@code channel} ends with: the error code of
     * auth-service's answer, "answered" for another answer, or the failure's gRPC status code.
     */
    static String outcome(ManagedChannel channel, SessionContext context) throws Exception {
        CompletableFuture<String> ended = new CompletableFuture<>();
        try {
            var requests = AuthenticationGrpc.newStub(channel).authenticate(new StreamObserver<>() {
                public void onNext(AuthenticationResponse response) {
                    ended.complete(response.hasError() ? response.getError().getCode().name() : "answered");
                }

                public void onError(Throwable error) {
                    ended.complete(Status.fromThrowable(error).getCode().name());
                }

                public void onCompleted() {
                    ended.complete("completed");
                }
            });
            requests.onNext(AuthenticationRequest.newBuilder().setBegin(context).build());
            return ended.get(20, TimeUnit.SECONDS);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static ManagedChannel channel(RunningStack.Stack stack, TlsMaterial client) throws SSLException {
        var tls = GrpcSslContexts.forClient().trustManager(client.trustManagers());
        if (client.keyManagers() != null) {
            tls.keyManager(client.keyManagers());
        }
        return NettyChannelBuilder.forTarget("localhost:" + stack.ports().authGrpc()).sslContext(tls.build()).build();
    }

    /** A context as the gateway makes it, for a user nobody enrolled, with the demo customer's token for it. */
    static SessionContext admitted(RunningStack.Stack stack) throws Exception {
        String username = "nobody-" + System.nanoTime();
        String jti = UUID.randomUUID().toString();
        Instant now = Instant.now();
        String token = TestTokens.signed(PemKeys.readPrivateKey(stack.customer().authorizationPrivateKey()),
                new JWTClaimsSet.Builder().subject(username).audience(DemoCustomer.TOKEN_AUDIENCE).jwtID(jti)
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                        .claim(UserAuthorization.OPERATION_CLAIM, "auth")
                        .claim(TransactionDataHash.CLAIM, TransactionDataHash.of("")).build());
        return SessionContext.newBuilder().setSessionId(UUID.randomUUID().toString()).setCustomer(DemoCustomer.NAME)
                .setUsername(username).setOperation(Operation.AUTH).setAuthorizationId(jti).setAuthorizationToken(token).build();
    }

    @Test
    void onlyAuthRelaysCertificateOpensAStream(RunningStack.Stack stack) throws Exception {
        LocalCertificates tls = stack.customer().tls();
        TlsMaterial relay = TlsMaterial.load(tls.side(LocalCertificates.AUTH_RELAY));
        SessionContext admitted = admitted(stack);

        assertThat(outcome(NettyChannelBuilder.forTarget("localhost:" + stack.ports().authGrpc()).usePlaintext().build(), admitted))
                .as("plaintext").isEqualTo("UNAVAILABLE");
        assertThat(outcome(channel(stack, new TlsMaterial(null, relay.trustManagers())), admitted))
                .as("TLS without a client certificate").isEqualTo("UNAVAILABLE");
        // A client certificate the same CA signed, for another service: the handshake succeeds, the call does not.
        TlsMaterial other = TlsMaterial.load(tls.issue("mallory-" + System.nanoTime(), "clientAuth", "dns:mallory"));
        assertThat(outcome(channel(stack, other), admitted)).as("another certificate of the CA").isEqualTo("PERMISSION_DENIED");
        // auth-service's own certificate is for serving, and names no client.
        TlsMaterial server = TlsMaterial.load(tls.side(LocalCertificates.AUTH_SERVICE));
        assertThat(outcome(channel(stack, server), admitted)).as("auth-service's certificate as a client")
                .isIn("UNAVAILABLE", "PERMISSION_DENIED");

        // The relay's own certificate: the stream opens, and auth-service answers (this user is not enrolled).
        assertThat(outcome(channel(stack, relay), admitted)).isEqualTo("SERVER_USER_NOT_FOUND");
    }

    /**
     * A context that no verified Start made, sent with the relay's own certificate (what writing
     * it to frames-accepted would make the relay do): refused before any template is read.
     */
    @Test
    void aForgedSessionContextIsRefusedEvenFromTheRelay(RunningStack.Stack stack) throws Exception {
        TlsMaterial relay = TlsMaterial.load(stack.customer().tls().side(LocalCertificates.AUTH_RELAY));
        SessionContext admitted = admitted(stack);

        assertThat(outcome(channel(stack, relay), admitted.toBuilder().clearAuthorizationToken().build()))
                .as("no token").isEqualTo("SERVER_FORBIDDEN");
        assertThat(outcome(channel(stack, relay), admitted.toBuilder().setUsername("grace").build()))
                .as("a token of one user in another's context").isEqualTo("SERVER_FORBIDDEN");
        assertThat(outcome(channel(stack, relay), admitted.toBuilder().setOperation(Operation.ENROLL).build()))
                .as("an auth token to enroll").isEqualTo("SERVER_FORBIDDEN");
    }
}
