package dev.likeness.relay;

import dev.likeness.crypto.TlsMaterial;
import dev.likeness.proto.v1.AuthenticationGrpc;
import dev.likeness.proto.v1.AuthenticationRequest;
import dev.likeness.proto.v1.AuthenticationResponse;
import dev.likeness.proto.v1.Error;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.SessionContext;
import dev.likeness.proto.v1.SessionEvent;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The open gRPC streams, one per session, and the ids of sessions already decided. A stream's
 * terminal response becomes a SessionEvent handed to {@code publish}.
 */
@Startup
@ApplicationScoped
public class SessionStreams {

    private static final Logger LOG = Logger.getLogger(SessionStreams.class);

    /** One session's stream to the authentication service. */
    private static final class OpenStream {
        final StreamObserver<AuthenticationRequest> requests;
        volatile long lastFrameAt = System.currentTimeMillis();

        OpenStream(StreamObserver<AuthenticationRequest> requests) {
            this.requests = requests;
        }
    }

    private final RelayConfig config;
    private final ManagedChannel channel;
    private final AuthenticationGrpc.AuthenticationStub stub;
    private final MeterRegistry meters;
    private final Counter framesAfterDecision;
    private final Counter abandoned;
    private final Map<String, OpenStream> open = new ConcurrentHashMap<>();
    private final Map<String, Long> decidedAt = new ConcurrentHashMap<>();

    SessionStreams(RelayConfig config, MeterRegistry meters, Vertx vertx) {
        this.config = config;
        this.meters = meters;
        this.framesAfterDecision = meters.counter("likeness.relay.frames", "outcome", "after_decision");
        this.abandoned = meters.counter("likeness.relay.streams.abandoned");
        this.channel = channel(config);
        this.stub = AuthenticationGrpc.newStub(channel);
        // Connect now, not when the first user's frame arrives.
        channel.getState(true);
        meters.gaugeMapSize("likeness.relay.streams.open", List.of(), open);
        vertx.setPeriodic(5_000, id -> sweep());
    }

    /**
     * The channel to auth-service: mutual TLS with the relay's certificate, or plaintext only when
     * configured so explicitly; neither configured fails start-up (closed by default).
     */
    static ManagedChannel channel(RelayConfig config) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(config.authServiceTarget()).maxInboundMessageSize(1024 * 1024);
        if (config.tls().isPresent()) {
            try {
                var material = TlsMaterial.load(config.tls().get());
                builder.sslContext(GrpcSslContexts.forClient()
                        .keyManager(material.keyManagers()).trustManager(material.trustManagers()).build());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("likeness.relay.tls: the key or trust store does not load: " + e.getMessage(), e);
            }
        } else if (config.plaintext()) {
            builder.usePlaintext();
        } else {
            throw new IllegalStateException("gRPC to auth-service needs TLS: set likeness.relay.tls.key-store-file, .trust-store-file "
                    + "and .store-password-file (or, inside a trusted network only, likeness.relay.plaintext=true)");
        }
        return builder.build();
    }

    /**
     * Whether auth-service can be reached now (the channel is connected, or idle and able to be).
     * A channel waiting out its reconnect backoff is told to try again at once: after auth-service
     * restarts, the relay is back as soon as it is, not up to a backoff later (which failed the
     * first sessions after a restart with SERVER_UNAVAILABLE).
     */
    public boolean authServiceReachable() {
        ConnectivityState state = channel.getState(true);
        if (state == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
        return state == ConnectivityState.READY || state == ConnectivityState.IDLE;
    }

    /** True when the session was decided and its remaining frames are to be dropped. */
    public boolean isDecided(String sessionId) {
        return decidedAt.containsKey(sessionId);
    }

    /** Sends a request on the session's stream, opening the stream (with Begin) on its first frame. */
    public void send(SessionContext session, AuthenticationRequest frame, Consumer<SessionEvent.Builder> publish) {
        OpenStream stream = open.computeIfAbsent(session.getSessionId(), id -> {
            meters.counter("likeness.relay.streams.opened").increment();
            OpenStream opened = new OpenStream(stub.authenticate(responsesFor(session, publish)));
            opened.requests.onNext(AuthenticationRequest.newBuilder().setBegin(session).build());
            return opened;
        });
        stream.lastFrameAt = System.currentTimeMillis();
        synchronized (stream) {
            // gRPC's request observer is not thread-safe.
            try {
                stream.requests.onNext(frame);
            } catch (IllegalStateException decidedMeanwhile) {
                // The decision closed this stream between lookup and send; the frame is not needed.
                framesAfterDecision.increment();
            }
        }
    }

    /**
     * The gateway ended the session without a decision (the client stopped or left, a limit or a
     * timeout ended it): its stream is cancelled now, so auth-service drops the attempt at once
     * rather than after the idle timeout, and any later frame of the session is dropped.
     */
    public void endedAtGateway(String sessionId) {
        if (decidedAt.putIfAbsent(sessionId, System.currentTimeMillis()) != null) {
            return; // decided here already; its stream is closed
        }
        if (cancel(sessionId, "the session ended at the gateway")) {
            abandoned.increment();
        }
    }

    /** Removes the session's stream and cancels it (auth-service drops the attempt); false when none was open. */
    private boolean cancel(String sessionId, String why) {
        OpenStream stream = open.remove(sessionId);
        if (stream == null) {
            return false;
        }
        synchronized (stream) {
            stream.requests.onError(Status.CANCELLED.withDescription(why).asRuntimeException());
        }
        return true;
    }

    private StreamObserver<AuthenticationResponse> responsesFor(SessionContext session, Consumer<SessionEvent.Builder> publish) {
        String sessionId = session.getSessionId();
        return new StreamObserver<>() {
            @Override
            public void onNext(AuthenticationResponse response) {
                switch (response.getKindCase()) {
                    case FINISHED -> decide(sessionId, "finished",
                            () -> publish.accept(SessionEvent.newBuilder().setFinished(response.getFinished())));
                    case ERROR -> decide(sessionId, response.getError().getCode().name().toLowerCase(Locale.ROOT),
                            () -> publish.accept(SessionEvent.newBuilder().setError(response.getError())));
                    case PROGRESS -> {
                        // The user sees how far the decision is; a late one after the decision would only confuse.
                        if (!isDecided(sessionId)) {
                            publish.accept(SessionEvent.newBuilder().setProgress(response.getProgress()));
                        }
                    }
                    case CHALLENGE -> {
                        if (!isDecided(sessionId)) {
                            publish.accept(SessionEvent.newBuilder().setChallenge(response.getChallenge()));
                        }
                    }
                    case KIND_NOT_SET -> {
                        // A newer service's message this relay does not know: nothing to pass on.
                    }
                }
            }

            @Override
            public void onError(Throwable failure) {
                Status status = Status.fromThrowable(failure);
                if (status.getCode() == Status.Code.CANCELLED && isDecided(sessionId)) {
                    return;
                }
                LOG.warnf("session %s: authentication stream failed: %s", sessionId, status.getCode());
                decide(sessionId, "unavailable", () -> publish.accept(SessionEvent.newBuilder().setError(Error.newBuilder()
                        .setCode(ErrorCode.SERVER_UNAVAILABLE).setMessage("authentication service unavailable"))));
            }

            @Override
            public void onCompleted() {
                close(sessionId);
            }
        };
    }

    private void decide(String sessionId, String outcome, Runnable publish) {
        if (decidedAt.putIfAbsent(sessionId, System.currentTimeMillis()) == null) {
            meters.counter("likeness.relay.decisions", "outcome", outcome).increment();
            publish.run();
        }
        close(sessionId);
    }

    private void close(String sessionId) {
        OpenStream stream = open.remove(sessionId);
        if (stream != null) {
            synchronized (stream) {
                try {
                    stream.requests.onCompleted();
                } catch (IllegalStateException alreadyClosed) {
                    // the service ended the call first
                }
            }
        }
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        open.forEach((sessionId, stream) -> {
            if (now - stream.lastFrameAt > config.streamIdleTimeout().toMillis() && cancel(sessionId, "idle")) {
                meters.counter("likeness.relay.streams.idle_closed").increment();
            }
        });
        decidedAt.values().removeIf(at -> now - at > config.decidedSessionMemory().toMillis());
    }

    void shutdown(@Observes ShutdownEvent event) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
