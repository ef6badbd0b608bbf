package dev.likeness.auth.grpc;

import dev.likeness.auth.AuthConfig;
import dev.likeness.auth.store.LockoutStore;
import dev.likeness.auth.store.TemplateSealer;
import dev.likeness.auth.store.TemplateStore;
import dev.likeness.auth.template.AlignedFaceDescriber;
import dev.likeness.auth.template.FaceMatcher;
import dev.likeness.auth.token.TransactionTokenSigner;
import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.crypto.TlsMaterial;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

/** Runs the gRPC server for the life of the application. */
@ApplicationScoped
public class AuthenticationServer {

    private static final Logger LOG = Logger.getLogger(AuthenticationServer.class);

    private Server server;

    /**
     * Mutual TLS (client certificates required, chained to the configured CA, and naming an allowed
     * client: {@link PinnedPeer}), or plaintext only
     * when configured so explicitly; neither configured stops start-up (closed by default).
     */
    static NettyServerBuilder secured(NettyServerBuilder builder, AuthConfig config) {
        if (config.grpcTls().isPresent()) {
            try {
                var material = TlsMaterial.load(config.grpcTls().get());
                return builder.sslContext(GrpcSslContexts.configure(
                                SslContextBuilder.forServer(material.keyManagers()))
                        .trustManager(material.trustManagers())
                        .clientAuth(ClientAuth.REQUIRE).build());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("likeness.auth.grpc-tls: the key or trust store does not load: " + e.getMessage(), e);
            }
        }
        if (config.grpcPlaintext()) {
            LOG.warn("gRPC without TLS (likeness.auth.grpc-plaintext=true): keep this port inside a network nobody else reaches");
            return builder;
        }
        throw new IllegalStateException("gRPC needs TLS: set likeness.auth.grpc-tls.key-store-file, .trust-store-file and "
                + ".store-password-file (or, inside a trusted network only, likeness.auth.grpc-plaintext=true)");
    }

    void start(@Observes StartupEvent event, AuthConfig config, ImageKeyRing keys, AlignedFaceDescriber describer,
               FaceMatcher matcher, TemplateStore store, TemplateSealer sealer, TransactionTokenSigner signer,
               AuthenticationMetrics metrics, LockoutStore lockout, SessionAuthorization authorization) {
        var deps = new AuthenticationAttempt.Dependencies(authorization, keys, describer, matcher, store, lockout, sealer, signer,
                LivenessPolicies.of(config), challengeDraws(config), config.enrollmentFrames(), config.authenticationFrames(), metrics);
        try {
            var service = new AuthenticationGrpcService(deps);
            server = secured(NettyServerBuilder.forPort(config.grpcPort()), config)
                    .addService(config.grpcTls().isPresent()
                            ? ServerInterceptors.intercept(service, new PinnedPeer(config.grpcTls().get().allowedClients()))
                            : service.bindService())
                    .maxInboundMessageSize(8 * 1024 * 1024)
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("gRPC port " + config.grpcPort() + " unavailable", e);
        }
        LOG.infof("Authentication gRPC service listening on port %d", server.getPort());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (server != null) {
            server.shutdown().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static ChallengeDraws challengeDraws(AuthConfig config) {
        ChallengeDraws draws = ChallengeDraws.of(config.fixedChallenge(),
                ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles());
        if (draws.isFixed()) {
            LOG.warn("every session gets the same liveness challenge (likeness.auth.fixed-challenge): a test setting, "
                    + "which a recording passes");
        }
        return draws;
    }
}
