package dev.likeness.auth.grpc;

import dev.likeness.proto.v1.Challenge;
import dev.likeness.proto.v1.ChallengeMove;

import java.util.List;

/** A drawn challenge as the client protocol carries it: liveness's moves and the protocol's share their names. */
final class ChallengeMessages {

    private ChallengeMessages() {
    }

    /** {@code moves}: the names of liveness's ChallengeMove values, in order. */
    static Challenge of(List<String> moves, long timeLimitMillis) {
        Challenge.Builder message = Challenge.newBuilder().setTimeLimitMs(Math.toIntExact(timeLimitMillis));
        moves.forEach(move -> message.addMoves(ChallengeMove.valueOf(move)));
        return message.build();
    }
}
