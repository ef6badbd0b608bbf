package dev.likeness.subjects;

import dev.likeness.client.Camera;
import dev.likeness.proto.v1.Challenge;
import dev.likeness.proto.v1.ChallengeMove;
import dev.likeness.proto.v1.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The simulated live subject in front of a camera, in real time, doing what a person asked by the
 * server would: looking at the camera with a small natural sway until a challenge arrives, then,
 * after a reaction time, each move in order: turning or nodding, holding the pose until the screen
 * shows the move counted (Progress), coming back and facing the camera until a frame of that is
 * used, then the next move. Each {@link #capture()} shows the pose of that moment (PoseFrames),
 * with a sensor's noise. The same moves on a fixed timeline ({@link #performing}) are what a
 * recording of the subject shows: the replay attack. Synthetic: one portrait photo, moved.
 */
public final class FollowingChallenge implements Camera {

    /**
     * How far the subject turns for a turn: a person asked to turn turns 30-45 degrees. FaceMesh
     * reads 42 degrees of the rendered mesh as 10-16 of its own, past the challenge's 7.
     */
    static final double TURN_DEGREES = 42;
    /** How far the subject nods for a look up or down; FaceMesh reads a rendered nod about as it is, past the challenge's 10. */
    static final double NOD_DEGREES = 18;
    /** From the instruction to the first move: reading it (the server takes the first frames of that as the frontal pose). */
    static final double REACTION_SECONDS = 0.8;
    static final double TURN_SECONDS = 0.5;
    static final double HOLD_SECONDS = 0.5;
    /** A person gives up waiting for the screen and comes back after this long. */
    static final double LONGEST_HOLD_SECONDS = 3;
    static final double PAUSE_SECONDS = 0.3;
    /** The sway of a person facing the camera: a few degrees, too little to be any move, enough that no two frames are alike. */
    static final double SWAY_DEGREES = 3;
    static final double SWAY_PERIOD_SECONDS = 3;

    private enum Phase { REACTING, TURNING, HOLDING, RETURNING, SETTLING, DONE }

    private final PoseFrames subject;
    private final LongSupplier nanoClock;
    private final long startedNanos;
    private List<ChallengeMove> moves = List.of();
    private Phase phase = Phase.REACTING;
    private long phaseNanos;
    private int move;
    private long captures;
    // The first capture in the phase's pose: the server must have used it (or a later one) before the subject moves on.
    private long phaseCapture;
    private long usedSequence;
    private int movesCounted;

    FollowingChallenge(PoseFrames subject, LongSupplier nanoClock) {
        this.subject = subject;
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
    }

    /** The subject whose frames {@code subject} makes, in front of the camera from now; one per session. */
    public static FollowingChallenge of(PoseFrames subject) {
        return new FollowingChallenge(subject, System::nanoTime);
    }

    @Override
    public synchronized void challenged(Challenge challenge) {
        moves = List.copyOf(challenge.getMovesList());
        move = 0;
        movesCounted = 0;
        enter(Phase.REACTING, nanoClock.getAsLong());
    }

    @Override
    public synchronized void progressed(Progress progress) {
        usedSequence = Math.max(usedSequence, progress.getSequence());
        movesCounted = Math.max(movesCounted, progress.getChallengeMovesDone());
    }

    @Override
    public synchronized byte[] capture() {
        captures++;
        long now = nanoClock.getAsLong();
        double seconds = (now - startedNanos) / 1e9;
        return subject.jpeg(moves.isEmpty() ? sway(seconds) : posed(moves.get(Math.min(move, moves.size() - 1)), reach(now), seconds));
    }

    /** How far into the current move the head is (0 facing the camera, 1 fully turned), after moving the script on to {@code now}. */
    private double reach(long now) {
        double inPhase = (now - phaseNanos) / 1e9;
        switch (phase) {
            case REACTING -> {
                if (inPhase >= REACTION_SECONDS) {
                    enter(Phase.TURNING, now);
                }
                return 0;
            }
            case TURNING -> {
                if (inPhase >= TURN_SECONDS) {
                    enter(Phase.HOLDING, now);
                    return 1;
                }
                return inPhase / TURN_SECONDS;
            }
            case HOLDING -> {
                boolean seen = movesCounted > move && usedSequence >= phaseCapture;
                if (inPhase >= LONGEST_HOLD_SECONDS || seen && inPhase >= HOLD_SECONDS) {
                    enter(Phase.RETURNING, now);
                }
                return 1;
            }
            case RETURNING -> {
                if (inPhase >= TURN_SECONDS) {
                    enter(Phase.SETTLING, now);
                    return 0;
                }
                return 1 - inPhase / TURN_SECONDS;
            }
            case SETTLING -> {
                if (inPhase >= PAUSE_SECONDS && usedSequence >= phaseCapture) {
                    move++;
                    enter(move < moves.size() ? Phase.TURNING : Phase.DONE, now);
                }
                return 0;
            }
            default -> {
                return 0;
            }
        }
    }

    private void enter(Phase next, long now) {
        phase = next;
        phaseNanos = now;
        phaseCapture = captures;
    }

    /** The head {@code reach} of the way into {@code move}, eased as a head accelerates and slows, around the sway. */
    static TurnedPortrait.Pose posed(ChallengeMove move, double reach, double seconds) {
        TurnedPortrait.Pose rest = sway(seconds);
        double eased = (1 - Math.cos(Math.PI * Math.max(0, Math.min(1, reach)))) / 2;
        return switch (move) {
            // TurnedPortrait's positive yaw turns the face to the image's right: the subject's own left.
            case TURN_LEFT -> new TurnedPortrait.Pose(rest.yawDegrees() + TURN_DEGREES * eased, rest.pitchDegrees(), 0);
            case TURN_RIGHT -> new TurnedPortrait.Pose(rest.yawDegrees() - TURN_DEGREES * eased, rest.pitchDegrees(), 0);
            case LOOK_UP -> new TurnedPortrait.Pose(rest.yawDegrees(), rest.pitchDegrees() + NOD_DEGREES * eased, 0);
            case LOOK_DOWN -> new TurnedPortrait.Pose(rest.yawDegrees(), rest.pitchDegrees() - NOD_DEGREES * eased, 0);
            default -> rest;
        };
    }

    /** Facing the camera, swaying a little. */
    static TurnedPortrait.Pose sway(double seconds) {
        double phase = 2 * Math.PI * seconds / SWAY_PERIOD_SECONDS;
        return new TurnedPortrait.Pose(SWAY_DEGREES * Math.sin(phase), SWAY_DEGREES / 2 * Math.sin(phase * 0.7), 0);
    }

    /**
     * The pose {@code sinceChallenge} seconds into performing {@code moves} on a fixed timeline, as
     * a recording made in advance shows them ({@code seconds} since the camera started, for the
     * sway): reaction, then each move's turn, hold, return and pause, then facing the camera.
     */
    static TurnedPortrait.Pose performing(List<ChallengeMove> moves, double sinceChallenge, double seconds) {
        double t = sinceChallenge - REACTION_SECONDS;
        double perMove = 2 * TURN_SECONDS + HOLD_SECONDS + PAUSE_SECONDS;
        if (t < 0 || t >= moves.size() * perMove) {
            return sway(seconds);
        }
        double within = t % perMove;
        double reach = within < TURN_SECONDS ? within / TURN_SECONDS
                : within < TURN_SECONDS + HOLD_SECONDS ? 1
                : within < 2 * TURN_SECONDS + HOLD_SECONDS ? 1 - (within - TURN_SECONDS - HOLD_SECONDS) / TURN_SECONDS : 0;
        return posed(moves.get((int) (t / perMove)), reach, seconds);
    }

    /**
     * A recording of the subject making {@code moves} on the fixed timeline, {@code seconds} long at
     * {@code fps}: facing the camera for {@code leadInSeconds}, then the moves as if asked for then,
     * then facing the camera. It plays the same whatever the server asks: a replay, or what a
     * browser's fake camera, which cannot react, plays for a challenge known in advance.
     */
    public static List<byte[]> recording(PoseFrames subject, List<ChallengeMove> moves, int fps, double leadInSeconds,
                                         double seconds) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < Math.round(seconds * fps); i++) {
            double at = (double) i / fps;
            frames.add(subject.jpeg(performing(moves, at - leadInSeconds, at)));
        }
        return frames;
    }
}
