package dev.likeness.liveness;

import java.util.Locale;
import java.util.Optional;

/**
 * One session's attempt at its challenge, judged frame by frame from the head pose quality-service
 * measured (FaceMesh's yaw and pitch, degrees). The mean of the first {@link #FRONTAL_FRAMES}
 * frames (the user reading the instruction) is the frontal pose every move is measured from:
 * averaging takes most of one frame's jitter out of every later comparison. A move counts once the
 * pose passes its threshold in the asked direction; the head
 * must come back near the frontal pose before the next move counts, so one diagonal sweep is not
 * two moves. Any other move shown first fails the challenge (otherwise a recording that cycles
 * through every move would pass every challenge), and so does running past the time limit.
 *
 * <p>The thresholds are in FaceMesh's degrees, which are not a protractor's: on rendered heads it
 * reads a 40 degree turn as 10-16 degrees, and a nod about as it is (subjects/ README). Both are
 * several times the pose's frame-to-frame jitter (1-2 degrees) and well inside quality-service's
 * pose limits (25 degrees of yaw, 30 of pitch), so a frame on its way to a move is never refused
 * as {@code face_angle_too_large}; a user who turns further has the frames beyond the limit
 * refused, and the way there still counts.
 */
public final class ChallengeRun {

    /** Least change of yaw from the frontal pose that is a turn: 7 degrees of FaceMesh yaw. */
    public static final double TURN_DEGREES = 7;
    /** Least change of pitch from the frontal pose that is a look up or down: 10 degrees. */
    public static final double LOOK_DEGREES = 10;
    /** Frames whose mean pose is the frontal one: 375 ms at 8 frames/s, under a person's reaction to an instruction. */
    static final int FRONTAL_FRAMES = 3;
    /** Back near the frontal pose: within half of each threshold. */
    static final double BACK = 0.5;

    /** Where the challenge stands. */
    public enum Outcome {
        IN_PROGRESS, DONE, WRONG_MOVE, TIMED_OUT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the challenge showed, for the evidence a decision carries. */
    public record Report(Challenge challenge, Outcome outcome, int movesDone, Optional<ChallengeMove> wrongMove, long millis) {
    }

    private final Challenge challenge;
    private final long issuedAtMillis;
    private int posed;
    private double frontalYaw;
    private double frontalPitch;
    private int movesDone;
    private boolean armed = true;
    private Outcome outcome = Outcome.IN_PROGRESS;
    private ChallengeMove wrongMove;
    private long lastMillis;

    /** {@code issuedAtMillis}: when the challenge went out, on the clock the frames' times are on. */
    public ChallengeRun(Challenge challenge, long issuedAtMillis) {
        this.challenge = challenge;
        this.issuedAtMillis = issuedAtMillis;
        this.lastMillis = issuedAtMillis;
    }

    /** One frame's head pose; the first ones make the frontal pose. Frames after the outcome is settled change nothing. */
    public Outcome add(long atMillis, double yaw, double pitch) {
        if (outcome != Outcome.IN_PROGRESS) {
            return outcome;
        }
        lastMillis = atMillis;
        if (posed < FRONTAL_FRAMES) {
            posed++;
            frontalYaw += (yaw - frontalYaw) / posed;
            frontalPitch += (pitch - frontalPitch) / posed;
            return outcome;
        }
        if (atMillis - issuedAtMillis > challenge.timeLimitMillis()) {
            outcome = Outcome.TIMED_OUT;
            return outcome;
        }
        Optional<ChallengeMove> shown = ChallengeMove.shownBy(yaw - frontalYaw, pitch - frontalPitch);
        if (armed && shown.isPresent()) {
            if (shown.get() != challenge.moves().get(movesDone)) {
                wrongMove = shown.get();
                outcome = Outcome.WRONG_MOVE;
                return outcome;
            }
            movesDone++;
            armed = false;
            if (movesDone == challenge.moves().size()) {
                outcome = Outcome.DONE;
                return outcome;
            }
        } else if (!armed && frontal(yaw, pitch)) {
            armed = true;
        }
        return outcome;
    }

    /** Whether a pose is near the frontal one (before any frame, every pose is): only such frames build or match a template. */
    public boolean frontal(double yaw, double pitch) {
        return posed == 0 || Math.abs(yaw - frontalYaw) < TURN_DEGREES * BACK && Math.abs(pitch - frontalPitch) < LOOK_DEGREES * BACK;
    }

    public Challenge challenge() {
        return challenge;
    }

    public Outcome outcome() {
        return outcome;
    }

    public int movesDone() {
        return movesDone;
    }

    public Report report() {
        return new Report(challenge, outcome, movesDone, Optional.ofNullable(wrongMove), lastMillis - issuedAtMillis);
    }
}
