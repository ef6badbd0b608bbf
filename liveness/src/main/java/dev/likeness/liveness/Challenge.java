package dev.likeness.liveness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * What a session under the {@code challenge} policy is asked to do: {@link #MOVES} different
 * moves in order, within {@link #TIME_LIMIT_MS}. The server draws it per session from a secure
 * random source, so a recording made in advance (a replay) performs the sequence the server asks
 * for with a chance of 1 in {@link #SEQUENCES} per attempt, before the other checks.
 */
public record Challenge(List<ChallengeMove> moves, long timeLimitMillis) {

    /** Moves asked per session: two, each different from the one before. */
    public static final int MOVES = 2;
    /** Sequences a challenge is drawn from: 4 first moves x 3 different second ones. */
    public static final int SEQUENCES = 12;
    /**
     * Time from the challenge to its last move: a move takes a person about a second (reading the
     * instruction, turning, coming back), and a session's idle timeout is 15 s; 10 s leaves a
     * hesitant user room without keeping an attacker's try open.
     */
    public static final long TIME_LIMIT_MS = 10_000;

    public Challenge {
        moves = List.copyOf(moves);
        if (moves.isEmpty()) {
            throw new IllegalArgumentException("a challenge asks for at least one move");
        }
    }

    /** The challenge of {@code moves}, by name (TURN_LEFT or turn_left, ...), within the time limit; an unknown name is refused. */
    public static Challenge named(List<String> moves) {
        return new Challenge(moves.stream().map(name -> ChallengeMove.valueOf(name.trim().toUpperCase(Locale.ROOT))).toList(),
                TIME_LIMIT_MS);
    }

    /** A challenge drawn from {@code random}: the server passes a SecureRandom. */
    public static Challenge drawn(RandomGenerator random) {
        ChallengeMove[] all = ChallengeMove.values();
        List<ChallengeMove> moves = new ArrayList<>(MOVES);
        while (moves.size() < MOVES) {
            ChallengeMove move = all[random.nextInt(all.length)];
            if (moves.isEmpty() || moves.get(moves.size() - 1) != move) {
                moves.add(move);
            }
        }
        return new Challenge(moves, TIME_LIMIT_MS);
    }
}
