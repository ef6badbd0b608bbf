package dev.likeness.system;

import dev.likeness.crypto.TlsMaterial;
import dev.likeness.launcher.LocalCertificates;
import dev.likeness.proto.v1.AuthenticationGrpc;
import dev.likeness.proto.v1.AuthenticationRequest;
import dev.likeness.proto.v1.AuthenticationResponse;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.SessionContext;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gRPC between auth-relay and auth-service on the real stack is mutual TLS: a client without a
 * certificate of the local CA gets no stream. (That the relay's certificate works, every
 * pipeline test shows.)
 */
@ExtendWith(RunningStack.class)
class GrpcMutualTlsSystemTest {

    /** What a stream that Begins a session with {@code channel} ends with: a response, or the failure's status code. */
    static String outcome(ManagedChannel channel) throws Exception {
        CompletableFuture<String> ended = new CompletableFuture<>();
        try {
            var requests = AuthenticationGrpc.newStub(channel).authenticate(new StreamObserver<>() {
                public void onNext(AuthenticationResponse response) {
                    ended.complete("answered");
                }

                public void onError(Throwable error) {
                    ended.complete(Status.fromThrowable(error).getCode().name());
                }

                public void onCompleted() {
                    ended.complete("completed");
                }
            });
            requests.onNext(AuthenticationRequest.newBuilder().setBegin(SessionContext.newBuilder().setSessionId("mtls-probe")
                    .setCustomer("demo").setUsername("nobody-" + System.nanoTime()).setOperation(Operation.AUTH)).build());
            return ended.get(20, TimeUnit.SECONDS);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static ManagedChannel channel(RunningStack.Stack stack, UnaryOperator<NettyChannelBuilder> security) {
        return security.apply(NettyChannelBuilder.forTarget("localhost:" + stack.ports().authGrpc())).build();
    }

    @Test
    void authServiceTalksOnlyToClientsWithACertificateOfItsCa(RunningStack.Stack stack) throws Exception {
        LocalCertificates tls = stack.customer().tls();
        TlsMaterial relay = TlsMaterial.load(tls.side(LocalCertificates.AUTH_RELAY));

        assertThat(outcome(channel(stack, NettyChannelBuilder::usePlaintext))).as("plaintext").isEqualTo("UNAVAILABLE");
        assertThat(outcome(channel(stack, builder -> {
            try {
                return builder.sslContext(GrpcSslContexts.forClient().trustManager(relay.trustManagers()).build());
            } catch (SSLException e) {
                throw new IllegalStateException(e);
            }
        }))).as("TLS without a client certificate").isEqualTo("UNAVAILABLE");
        // The relay's own certificate: the stream opens, and auth-service answers (this user is not enrolled).
        assertThat(outcome(channel(stack, builder -> {
            try {
                return builder.sslContext(GrpcSslContexts.forClient().keyManager(relay.keyManagers()).trustManager(relay.trustManagers())
                        .build());
            } catch (SSLException e) {
                throw new IllegalStateException(e);
            }
        }))).isEqualTo("answered");
    }
}
