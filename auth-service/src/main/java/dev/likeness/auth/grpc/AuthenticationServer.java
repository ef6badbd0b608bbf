package dev.likeness.auth.grpc;

import dev.likeness.auth.AuthConfig;
import dev.likeness.auth.store.TemplateSealer;
import dev.likeness.auth.store.LockoutStore;
import dev.likeness.auth.store.TemplateStore;
import dev.likeness.auth.template.AlignedFaceDescriber;
import dev.likeness.auth.template.FaceMatcher;
import dev.likeness.auth.token.TransactionTokenSigner;
import dev.likeness.crypto.ImageKeyRing;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Runs the gRPC server for the life of the application. */
@ApplicationScoped
public class AuthenticationServer {

    private static final Logger LOG = Logger.getLogger(AuthenticationServer.class);

    private Server server;

    void start(@Observes StartupEvent event, AuthConfig config, ImageKeyRing keys, AlignedFaceDescriber describer,
               FaceMatcher matcher, TemplateStore store, TemplateSealer sealer, TransactionTokenSigner signer,
               AuthenticationMetrics metrics, LockoutStore lockout) {
        var deps = new AuthenticationAttempt.Dependencies(keys, describer, matcher, store, lockout, sealer, signer,
                config.enrollmentFrames(), config.authenticationFrames(), metrics);
        try {
            server = NettyServerBuilder.forPort(config.grpcPort())
                    .addService(new AuthenticationGrpcService(deps))
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
}
