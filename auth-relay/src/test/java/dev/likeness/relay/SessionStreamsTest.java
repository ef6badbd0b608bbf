package dev.likeness.relay;

import dev.likeness.proto.v1.AuthenticationFrame;
import dev.likeness.proto.v1.AuthenticationGrpc;
import dev.likeness.proto.v1.AuthenticationRequest;
import dev.likeness.proto.v1.AuthenticationResponse;
import dev.likeness.proto.v1.Challenge;
import dev.likeness.proto.v1.ChallengeMove;
import dev.likeness.proto.v1.Error;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Finished;
import dev.likeness.proto.v1.Progress;
import dev.likeness.proto.v1.SessionContext;
import dev.likeness.proto.v1.SessionEvent;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's streams against a real gRPC server on loopback that plays the authentication service. */
class SessionStreamsTest {

    static final SessionContext SESSION = SessionContext.newBuilder().setSessionId("s-1").setCustomer("demo").setUsername("grace").build();
    final Vertx vertx = Vertx.vertx();
    final LinkedBlockingQueue<SessionEvent> published = new LinkedBlockingQueue<>();
    final List<AuthenticationRequest> received = new CopyOnWriteArrayList<>();
    /** Counted down when the service sees the relay end a stream with an error (a cancel). */
    final CountDownLatch cancelled = new CountDownLatch(1);
    Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** A service that answers the second frame of a stream with {@code answer}. */
    int serve(AuthenticationResponse answer) throws Exception {
        return serve(answer, false);
    }

    /** The same, answering Begin with a Challenge and the first frame with Progress (1 of 2) when {@code progressFirst}. */
    int serve(AuthenticationResponse answer, boolean progressFirst) throws Exception {
        server = NettyServerBuilder.forPort(0).addService(new AuthenticationGrpc.AuthenticationImplBase() {
            @Override
            public StreamObserver<AuthenticationRequest> authenticate(StreamObserver<AuthenticationResponse> responses) {
                return new StreamObserver<>() {
                    int frames;

                    public void onNext(AuthenticationRequest request) {
                        received.add(request);
                        if (request.hasBegin() && progressFirst) {
                            responses.onNext(AuthenticationResponse.newBuilder().setChallenge(Challenge.newBuilder()
                                    .addMoves(ChallengeMove.TURN_LEFT).addMoves(ChallengeMove.LOOK_UP).setTimeLimitMs(10_000)).build());
                        }
                        if (request.hasFrame() && ++frames == 1 && progressFirst) {
                            responses.onNext(AuthenticationResponse.newBuilder().setProgress(Progress.newBuilder()
                                    .setSequence(request.getFrame().getSequence()).setFramesUsed(1).setFramesNeeded(2)).build());
                        } else if (request.hasFrame() && frames == 2) {
                            responses.onNext(answer);
                            responses.onCompleted();
                        }
                    }

                    public void onError(Throwable t) {
                        cancelled.countDown();
                    }

                    public void onCompleted() {
                    }
                };
            }
        }).build().start();
        return server.getPort();
    }

    SessionStreams streams(int port) {
        RelayConfig config = new RelayConfig() {
            public String authServiceTarget() { return "localhost:" + port; }
            public Duration streamIdleTimeout() { return Duration.ofSeconds(90); }
            public Duration decidedSessionMemory() { return Duration.ofMinutes(10); }
            public Optional<Tls> tls() { return Optional.empty(); }
            public boolean plaintext() { return true; } // an in-test server on loopback
        };
        return new SessionStreams(config, new SimpleMeterRegistry(), vertx);
    }

    static AuthenticationRequest frame(long sequence) {
        return AuthenticationRequest.newBuilder().setFrame(AuthenticationFrame.newBuilder().setSequence(sequence)).build();
    }

    void send(SessionStreams streams, long sequence) {
        streams.send(SESSION, frame(sequence), event -> published.add(event.setSessionId(SESSION.getSessionId()).build()));
    }

    @Test
    void opensOneStreamPerSessionBeginningWithTheContextAndPublishesTheDecisionOnce() throws Exception {
        SessionStreams streams = streams(serve(AuthenticationResponse.newBuilder()
                .setFinished(Finished.newBuilder().setUsername("grace").setTransactionJwt("a.b.c")).build()));
        send(streams, 1);
        send(streams, 2);

        SessionEvent event = published.poll(10, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.getFinished().getTransactionJwt()).isEqualTo("a.b.c");
        assertThat(received.get(0).getBegin()).isEqualTo(SESSION);
        assertThat(received.subList(1, 3)).extracting(r -> r.getFrame().getSequence()).containsExactly(1L, 2L);
        assertThat(streams.isDecided("s-1")).isTrue();
        assertThat(published.poll(300, TimeUnit.MILLISECONDS)).as("one decision only").isNull();
    }

    @Test
    void theServicesChallengeAndProgressArePassedOnBeforeTheDecision() throws Exception {
        SessionStreams streams = streams(serve(AuthenticationResponse.newBuilder()
                .setFinished(Finished.newBuilder().setUsername("grace").setTransactionJwt("a.b.c")).build(), true));
        send(streams, 1);
        send(streams, 2);

        SessionEvent challenge = published.poll(10, TimeUnit.SECONDS);
        assertThat(challenge.getChallenge().getMovesList()).containsExactly(ChallengeMove.TURN_LEFT, ChallengeMove.LOOK_UP);
        SessionEvent progress = published.poll(10, TimeUnit.SECONDS);
        assertThat(progress.getProgress().getFramesUsed()).isEqualTo(1);
        assertThat(progress.getProgress().getFramesNeeded()).isEqualTo(2);
        assertThat(progress.getProgress().getSequence()).isEqualTo(1L);
        assertThat(published.poll(10, TimeUnit.SECONDS).hasFinished()).isTrue();
    }

    @Test
    void theServicesErrorBecomesTheSessionsError() throws Exception {
        SessionStreams streams = streams(serve(AuthenticationResponse.newBuilder()
                .setError(Error.newBuilder().setCode(ErrorCode.SERVER_FACE_DOES_NOT_MATCH)).build()));
        send(streams, 1);
        send(streams, 2);
        assertThat(published.poll(10, TimeUnit.SECONDS).getError().getCode()).isEqualTo(ErrorCode.SERVER_FACE_DOES_NOT_MATCH);
    }

    @Test
    void anUnreachableServiceEndsTheSessionWithServerUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SessionStreams streams = streams(closedPort);
        send(streams, 1);
        SessionEvent event = published.poll(20, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.getError().getCode()).isEqualTo(ErrorCode.SERVER_UNAVAILABLE);
        assertThat(streams.isDecided("s-1")).isTrue();
    }

    @Test
    void aSessionEndedAtTheGatewayHasItsStreamCancelledAtOnceAndNothingPublished() throws Exception {
        // A service that never decides: only the end marker can close this stream before the idle timeout.
        SessionStreams streams = streams(serve(AuthenticationResponse.getDefaultInstance()));
        send(streams, 1);
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); received.size() < 2 && System.nanoTime() < deadline; ) {
            Thread.sleep(20);
        }
        assertThat(received).as("Begin and the frame reached the service").hasSize(2);

        streams.endedAtGateway(SESSION.getSessionId());
        assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("the service saw the stream cancelled").isTrue();
        assertThat(streams.isDecided(SESSION.getSessionId())).as("a late frame of it is dropped").isTrue();
        assertThat(published.poll(500, TimeUnit.MILLISECONDS)).as("no SERVER_UNAVAILABLE for a client that left").isNull();
        streams.endedAtGateway(SESSION.getSessionId());
        streams.endedAtGateway("never-streamed");
    }
}
