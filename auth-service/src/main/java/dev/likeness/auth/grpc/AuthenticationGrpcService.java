package dev.likeness.auth.grpc;

import dev.likeness.proto.v1.AuthenticationGrpc;
import dev.likeness.proto.v1.AuthenticationRequest;
import dev.likeness.proto.v1.AuthenticationResponse;
import dev.likeness.proto.v1.Error;
import dev.likeness.proto.v1.ErrorCode;
import io.grpc.stub.StreamObserver;
import org.jboss.logging.Logger;

import java.util.Optional;

/** The Authentication gRPC service: one {@link AuthenticationAttempt} per stream. */
final class AuthenticationGrpcService extends AuthenticationGrpc.AuthenticationImplBase {

    private static final Logger LOG = Logger.getLogger(AuthenticationGrpcService.class);

    private final AuthenticationAttempt.Dependencies deps;

    AuthenticationGrpcService(AuthenticationAttempt.Dependencies deps) {
        this.deps = deps;
    }

    @Override
    public StreamObserver<AuthenticationRequest> authenticate(StreamObserver<AuthenticationResponse> responses) {
        return new StreamObserver<>() {
            private AuthenticationAttempt attempt;
            private boolean ended;

            @Override
            public void onNext(AuthenticationRequest request) {
                if (ended) {
                    return;
                }
                switch (request.getKindCase()) {
                    case BEGIN -> {
                        if (attempt != null) {
                            end(protocolError("begin sent twice"));
                            return;
                        }
                        attempt = new AuthenticationAttempt(request.getBegin(), deps);
                        Optional<AuthenticationResponse> refused = attempt.begin();
                        if (refused.isPresent()) {
                            end(refused.get());
                            return;
                        }
                        attempt.challenge().ifPresent(responses::onNext);
                    }
                    case FRAME -> {
                        if (attempt == null) {
                            end(protocolError("frame before begin"));
                            return;
                        }
                        Optional<AuthenticationResponse> response;
                        try {
                            response = attempt.onFrame(request.getFrame());
                        } catch (RuntimeException e) {
                            LOG.errorf("frame %d failed: %s", request.getFrame().getSequence(), e.getClass().getName());
                            end(AuthenticationResponse.newBuilder().setError(Error.newBuilder()
                                    .setCode(ErrorCode.SERVER_UNAVAILABLE).setMessage("frame could not be processed")).build());
                            return;
                        }
                        response.ifPresent(r -> {
                            if (r.hasProgress()) {
                                responses.onNext(r);
                            } else {
                                end(r);
                            }
                        });
                    }
                    case KIND_NOT_SET -> end(protocolError("empty request"));
                }
            }

            private void end(AuthenticationResponse terminal) {
                ended = true;
                responses.onNext(terminal);
                responses.onCompleted();
            }

            @Override
            public void onError(Throwable t) {
                LOG.debugf("stream ended by the relay: %s", t.getMessage());
                ended = true;
            }

            @Override
            public void onCompleted() {
                if (!ended) {
                    ended = true;
                    responses.onCompleted();
                }
            }
        };
    }

    private static AuthenticationResponse protocolError(String message) {
        return AuthenticationResponse.newBuilder()
                .setError(Error.newBuilder().setCode(ErrorCode.SERVER_MALFORMED_MESSAGE).setMessage(message)).build();
    }
}
