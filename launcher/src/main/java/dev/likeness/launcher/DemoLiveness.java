package dev.likeness.launcher;

import dev.likeness.liveness.SessionLiveness;

import java.util.List;

/**
 * The demo customer's liveness in a local stack: its policy, and, for browser tests only, the
 * challenge every session gets ({@code fixedChallenge}, ChallengeMove names; empty: drawn at random).
 * A fixed challenge is what a fake camera playing a recording can pass; auth-service honours it only
 * under its test profile (likeness.auth.fixed-challenge), which this stack then starts it with.
 */
public record DemoLiveness(SessionLiveness.Policy policy, List<String> fixedChallenge) {

    public DemoLiveness {
        fixedChallenge = List.copyOf(fixedChallenge);
    }

    /** The policy, its challenges drawn at random: every stack but a browser test's. */
    public static DemoLiveness of(SessionLiveness.Policy policy) {
        return new DemoLiveness(policy, List.of());
    }
}
