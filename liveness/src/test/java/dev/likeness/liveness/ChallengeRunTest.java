package dev.likeness.liveness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.likeness.liveness.ChallengeMove.LOOK_DOWN;
import static dev.likeness.liveness.ChallengeMove.LOOK_UP;
import static dev.likeness.liveness.ChallengeMove.TURN_LEFT;
import static dev.likeness.liveness.ChallengeMove.TURN_RIGHT;
import static org.assertj.core.api.Assertions.assertThat;

/** The challenge's draw and its judge on pose series: the asked moves in order and in time pass; anything else fails. */
class ChallengeRunTest {

    /** A head pose: FaceMesh's yaw and pitch, degrees. */
    record Pose(double yaw, double pitch) {
    }

    static final Pose FRONTAL = new Pose(2, 9);

    /** Where each move takes the head from {@link #FRONTAL}: a clear move, 12 degrees of yaw or 15 of pitch. */
    static Pose toward(ChallengeMove move) {
        return switch (move) {
            case TURN_LEFT -> new Pose(FRONTAL.yaw() + 12, FRONTAL.pitch());
            case TURN_RIGHT -> new Pose(FRONTAL.yaw() - 12, FRONTAL.pitch());
            case LOOK_UP -> new Pose(FRONTAL.yaw(), FRONTAL.pitch() - 15);
            case LOOK_DOWN -> new Pose(FRONTAL.yaw(), FRONTAL.pitch() + 15);
        };
    }

    /** A person making {@code moves}: frontal, then each move and back, a frame every 125 ms, with 1.5 degrees of jitter. */
    static ChallengeRun.Outcome perform(Challenge challenge, List<ChallengeMove> moves, long seed) {
        Random random = new Random(seed);
        ChallengeRun run = new ChallengeRun(challenge, 0);
        long at = 0;
        List<Pose> poses = new ArrayList<>(List.of(FRONTAL, FRONTAL, FRONTAL, FRONTAL));
        for (ChallengeMove move : moves) {
            Pose far = toward(move);
            Pose half = new Pose((far.yaw() + FRONTAL.yaw()) / 2, (far.pitch() + FRONTAL.pitch()) / 2);
            poses.addAll(List.of(half, far, far, half, FRONTAL, FRONTAL));
        }
        ChallengeRun.Outcome outcome = ChallengeRun.Outcome.IN_PROGRESS;
        for (Pose pose : poses) {
            outcome = run.add(at, pose.yaw() + random.nextGaussian() * 1.5, pose.pitch() + random.nextGaussian() * 1.5);
            at += 125;
        }
        return outcome;
    }

    @Test
    void theServerDrawsEveryOneOfTheTwelveSequencesAlike() {
        Random random = new Random(7);
        Map<List<ChallengeMove>, Integer> counts = new HashMap<>();
        for (int i = 0; i < 12_000; i++) {
            Challenge challenge = Challenge.drawn(random);
            assertThat(challenge.moves()).hasSize(Challenge.MOVES);
            assertThat(challenge.moves().get(0)).isNotEqualTo(challenge.moves().get(1));
            assertThat(challenge.timeLimitMillis()).isEqualTo(Challenge.TIME_LIMIT_MS);
            counts.merge(challenge.moves(), 1, Integer::sum);
        }
        assertThat(counts).hasSize(Challenge.SEQUENCES);
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(850, 1150));
    }

    @Test
    void theAskedMovesInOrderPass() {
        for (long seed = 1; seed <= 20; seed++) {
            for (ChallengeMove first : ChallengeMove.values()) {
                for (ChallengeMove second : ChallengeMove.values()) {
                    if (first != second) {
                        Challenge challenge = new Challenge(List.of(first, second), Challenge.TIME_LIMIT_MS);
                        assertThat(perform(challenge, challenge.moves(), seed)).as(challenge.moves() + ", seed " + seed)
                                .isEqualTo(ChallengeRun.Outcome.DONE);
                    }
                }
            }
        }
    }

    @Test
    void anotherMoveFirstFailsSoACyclingRecordingPassesOnlyTheChallengeItStartsWith() {
        Challenge asked = new Challenge(List.of(TURN_LEFT, LOOK_UP), Challenge.TIME_LIMIT_MS);
        assertThat(perform(asked, List.of(LOOK_UP, TURN_LEFT), 1)).isEqualTo(ChallengeRun.Outcome.WRONG_MOVE);
        assertThat(perform(asked, List.of(TURN_LEFT, TURN_RIGHT), 2)).isEqualTo(ChallengeRun.Outcome.WRONG_MOVE);
        List<ChallengeMove> everyMove = List.of(TURN_RIGHT, TURN_LEFT, LOOK_UP, LOOK_DOWN);
        assertThat(perform(asked, everyMove, 3)).isEqualTo(ChallengeRun.Outcome.WRONG_MOVE);
        ChallengeRun run = new ChallengeRun(asked, 0);
        for (int i = 0; i < ChallengeRun.FRONTAL_FRAMES; i++) {
            run.add(0, FRONTAL.yaw(), FRONTAL.pitch());
        }
        run.add(125, toward(LOOK_DOWN).yaw(), toward(LOOK_DOWN).pitch());
        assertThat(run.report().wrongMove()).contains(LOOK_DOWN);
    }

    @Test
    void aMoveWithoutComingBackCountsOnceAndJitterNever() {
        Challenge asked = new Challenge(List.of(TURN_LEFT, TURN_RIGHT), Challenge.TIME_LIMIT_MS);
        ChallengeRun run = new ChallengeRun(asked, 0);
        for (int i = 0; i < ChallengeRun.FRONTAL_FRAMES; i++) {
            run.add(0, FRONTAL.yaw(), FRONTAL.pitch());
        }
        for (int i = 1; i <= 5; i++) {
            run.add(i * 125L, toward(TURN_LEFT).yaw(), toward(TURN_LEFT).pitch());
        }
        assertThat(run.movesDone()).as("holding a turn is one move").isEqualTo(1);
        Random random = new Random(5);
        ChallengeRun still = new ChallengeRun(asked, 0);
        for (int i = 0; i < 100; i++) {
            still.add(i * 125L, FRONTAL.yaw() + random.nextGaussian() * 1.5, FRONTAL.pitch() + random.nextGaussian() * 1.5);
        }
        assertThat(still.movesDone()).as("a still head with pose jitter").isZero();
        assertThat(still.outcome()).isEqualTo(ChallengeRun.Outcome.TIMED_OUT);
    }

    @Test
    void movesAfterTheTimeLimitFail() {
        Challenge asked = new Challenge(List.of(LOOK_DOWN, TURN_RIGHT), 500);
        assertThat(perform(asked, asked.moves(), 1)).isEqualTo(ChallengeRun.Outcome.TIMED_OUT);
    }

    @Test
    void onlyPosesNearTheFrontalOneAreFrontal() {
        ChallengeRun run = new ChallengeRun(new Challenge(List.of(TURN_LEFT, LOOK_UP), Challenge.TIME_LIMIT_MS), 0);
        assertThat(run.frontal(30, 30)).as("before any frame").isTrue();
        run.add(0, FRONTAL.yaw(), FRONTAL.pitch());
        run.add(0, FRONTAL.yaw(), FRONTAL.pitch());
        assertThat(run.frontal(FRONTAL.yaw() + 2, FRONTAL.pitch() - 3)).isTrue();
        assertThat(run.frontal(toward(TURN_LEFT).yaw(), FRONTAL.pitch())).isFalse();
        assertThat(run.frontal(FRONTAL.yaw(), toward(LOOK_UP).pitch())).isFalse();
    }
}
