package dev.likeness.liveness;

import java.util.Locale;
import java.util.Optional;

/**
 * One move a challenge asks for, in the user's own frame: {@code TURN_LEFT} is the user turning
 * their head to their left (their nose goes to the right of a camera's unmirrored image).
 */
public enum ChallengeMove {
    TURN_LEFT, TURN_RIGHT, LOOK_UP, LOOK_DOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The move a pose shows against the session's frontal pose, if any: the axis that moved the
     * larger part of its threshold, past it. FaceMesh's signs (quality-filters' HeadPose): yaw grows
     * as the user turns to their left, pitch falls as they look up.
     */
    static Optional<ChallengeMove> shownBy(double yawChange, double pitchChange) {
        double turn = yawChange / ChallengeRun.TURN_DEGREES;
        double look = pitchChange / ChallengeRun.LOOK_DEGREES;
        if (Math.max(Math.abs(turn), Math.abs(look)) < 1) {
            return Optional.empty();
        }
        if (Math.abs(turn) >= Math.abs(look)) {
            return Optional.of(turn > 0 ? TURN_LEFT : TURN_RIGHT);
        }
        return Optional.of(look < 0 ? LOOK_UP : LOOK_DOWN);
    }
}
