package dev.likeness.liveness;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A session's frames read together: a frozen feed and a flat turn fail, a head turning passes, small moves stay unverified. */
class SessionLivenessTest {

    static final byte[] STILL = new byte[32 * 32];

    static byte[] noisy(Random random) {
        byte[] grey = new byte[32 * 32];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (byte) (120 + (int) Math.round(random.nextGaussian() * 2));
        }
        return grey;
    }

    static SessionLiveness session(double[][] face, double[] yaws, boolean frozenPixels, long seed) {
        Random random = new Random(seed);
        SessionLiveness session = new SessionLiveness();
        for (int i = 0; i < yaws.length; i++) {
            List<Point> landmarks = SyntheticHead.seen(face, yaws[i], 0, 0, 0, 0, frozenPixels ? 0 : 0.5, random);
            session.add(new SessionLiveness.Observation(i * 100L, landmarks, SyntheticHead.interOcular(),
                    frozenPixels ? STILL : noisy(random), OptionalDouble.of(0.3)));
        }
        return session;
    }

    @Test
    void aLoopedStillFailsAsNoMovementFromSubject() {
        SessionLiveness.Evidence evidence = session(SyntheticHead.FACE, new double[8], true, 1).evidence();
        assertThat(evidence.result()).isEqualTo(SessionLiveness.Result.FAIL);
        assertThat(evidence.frozen()).isTrue();
        assertThat(evidence.failedCheck()).contains(SessionLiveness.FROZEN_FEED);
    }

    @Test
    void aHeadTurningPasses() {
        SessionLiveness.Evidence evidence = session(SyntheticHead.FACE, new double[] {0, 10, 20, 30}, false, 2).evidence();
        assertThat(evidence.result()).isEqualTo(SessionLiveness.Result.PASS);
        assertThat(evidence.structure().structure()).isEqualTo(PlanarMotion.Structure.THREE_DIMENSIONAL);
        assertThat(evidence.failedCheck()).isEmpty();
    }

    @Test
    void aPrintTurnedClearlyFails() {
        SessionLiveness.Evidence evidence = session(SyntheticHead.flat(0), new double[] {0, 25, 50}, false, 3).evidence();
        assertThat(evidence.result()).isEqualTo(SessionLiveness.Result.FAIL);
        assertThat(evidence.failedCheck()).contains(SessionLiveness.STRUCTURE);
    }

    @Test
    void aSubjectWhoBarelyMovedIsUnverifiedNotGuessed() {
        SessionLiveness.Evidence still = session(SyntheticHead.FACE, new double[] {0, 1, 0, 1}, false, 4).evidence();
        assertThat(still.result()).isEqualTo(SessionLiveness.Result.UNVERIFIED);
        assertThat(new SessionLiveness().evidence().result()).as("no frames at all").isEqualTo(SessionLiveness.Result.UNVERIFIED);
    }

    @Test
    void greySamplesOfAnotherSizeAreNoFrozenFeed() {
        assertThat(SessionLiveness.meanAbsoluteDifference(new byte[4], new byte[5])).isEqualTo(Double.MAX_VALUE);
        assertThat(SessionLiveness.meanAbsoluteDifference(new byte[] {0, 10}, new byte[] {2, 10})).isEqualTo(1.0);
    }

    /** A run of {@code moves} made in time (frontal, then each move and back), or {@code wrong} first. */
    static ChallengeRun run(boolean wrong) {
        Challenge challenge = new Challenge(List.of(ChallengeMove.TURN_LEFT, ChallengeMove.LOOK_UP), Challenge.TIME_LIMIT_MS);
        ChallengeRun run = new ChallengeRun(challenge, 0);
        double[][] poses = wrong ? new double[][] {{0, 0}, {0, 0}, {0, 0}, {-12, 0}}
                : new double[][] {{0, 0}, {0, 0}, {0, 0}, {12, 0}, {0, 0}, {0, -15}};
        for (int i = 0; i < poses.length; i++) {
            run.add(i * 125L, poses[i][0], poses[i][1]);
        }
        return run;
    }

    @Test
    void underAChallengeOnlyAHeadThatMadeTheMovesAndStayedOnePersonPasses() {
        SessionLiveness head = session(SyntheticHead.FACE, new double[] {0, 10, 20, 30, 20, 10, 0, -10}, false, 5);
        SessionLiveness.Evidence passed = head.challenged(run(false), true);
        assertThat(passed.result()).isEqualTo(SessionLiveness.Result.PASS);
        assertThat(passed.challenge().orElseThrow().outcome()).isEqualTo(ChallengeRun.Outcome.DONE);
        assertThat(head.challenged(run(true), true).failedCheck()).contains(SessionLiveness.CHALLENGE);
        assertThat(head.challenged(run(false), false).failedCheck()).contains(SessionLiveness.SAME_PERSON);
        SessionLiveness print = session(SyntheticHead.flat(0), new double[] {0, 20, 40, 50, 40, 20, 0, -20}, false, 6);
        assertThat(print.challenged(run(false), true).failedCheck()).as("a print turned as asked").contains(SessionLiveness.STRUCTURE);
        SessionLiveness still = session(SyntheticHead.FACE, new double[8], true, 7);
        assertThat(still.challenged(run(false), true).failedCheck()).contains(SessionLiveness.FROZEN_FEED);
        SessionLiveness barely = session(SyntheticHead.FACE, new double[] {0, 1, 0, 1, 0, 1, 0, 1}, false, 8);
        assertThat(barely.challenged(run(false), true).result()).as("no parallax after the moves: never unverified under a challenge")
                .isEqualTo(SessionLiveness.Result.FAIL);
    }
}
