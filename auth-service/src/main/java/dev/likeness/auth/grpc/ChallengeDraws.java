package dev.likeness.auth.grpc;

import dev.likeness.liveness.Challenge;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Where each session's challenge comes from: drawn from a secure random source, so nobody knows it
 * before the session asks. The one exception is for browser tests, whose fake camera can only play
 * a recording made in advance: likeness.auth.fixed-challenge gives every session the same moves,
 * which any replay of them passes. It is therefore honoured only under the Quarkus profile
 * {@value #RECORDING_PROFILE}, never under {@code prod} (a packaged service's default): set there,
 * it stops the start.
 */
final class ChallengeDraws {

    static final String RECORDING_PROFILE = "liveness-recording";

    private final RandomGenerator random;
    private final Optional<Challenge> fixed;

    private ChallengeDraws(RandomGenerator random, Optional<Challenge> fixed) {
        this.random = random;
        this.fixed = fixed;
    }

    /** Challenges drawn from {@code random} (a SecureRandom in the service). */
    static ChallengeDraws drawnFrom(RandomGenerator random) {
        return new ChallengeDraws(random, Optional.empty());
    }

    /**
     * The service's draws: secure random ones, or {@code fixedMoves} (ChallengeMove names, any case)
     * when set and {@code activeProfiles} allow it; a fixed challenge anywhere else, or a move this
     * version does not know, stops the start.
     */
    static ChallengeDraws of(Optional<List<String>> fixedMoves, List<String> activeProfiles) {
        if (fixedMoves.isEmpty() || fixedMoves.get().isEmpty()) {
            return drawnFrom(new SecureRandom());
        }
        if (!activeProfiles.contains(RECORDING_PROFILE) || activeProfiles.contains("prod")) {
            throw new IllegalStateException("likeness.auth.fixed-challenge makes every session's challenge known in advance, so a "
                    + "recording passes it: it is for browser tests only, and honoured only under the Quarkus profile "
                    + RECORDING_PROFILE + " (this service runs " + activeProfiles + "); remove it");
        }
        return new ChallengeDraws(null, Optional.of(Challenge.named(fixedMoves.get())));
    }

    Challenge next() {
        return fixed.orElseGet(() -> Challenge.drawn(random));
    }

    boolean isFixed() {
        return fixed.isPresent();
    }
}
