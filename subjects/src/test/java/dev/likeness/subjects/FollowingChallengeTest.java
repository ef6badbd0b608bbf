package dev.likeness.subjects;

import dev.likeness.liveness.Challenge;
import dev.likeness.liveness.ChallengeRun;
import dev.likeness.liveness.PlanarMotion;
import dev.likeness.liveness.Point;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.v1.ChallengeMove;
import dev.likeness.quality.filters.HeadPose;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated subject against liveness's own judges, without the pipeline: for every one of the
 * twelve sequences a challenge can ask, FaceMesh on a recording of the subject making it sees the
 * moves done in time and a three-dimensional head; a print of the photo turned the same way never
 * passes both. (Through the pipeline: system-test's LivenessSystemTest.)
 */
class FollowingChallengeTest {

    static final int FPS = 8;
    static FaceFinder finder;
    static PoseFrames subject;
    static PoseFrames print;

    @BeforeAll
    static void subjects() throws Exception {
        finder = FaceFinder.withModels();
        byte[] photo = Files.readAllBytes(Path.of("../testdata/faces/eileen-collins/frame-01.jpg"));
        subject = PoseFrames.of(photo, finder, 1);
        print = PoseFrames.printOf(photo, 2);
    }

    @AfterAll
    static void release() throws Exception {
        subject.close();
        print.close();
        finder.close();
    }

    /** What liveness makes of a recording of {@code moves}: the challenge's outcome and the session's 3D structure. */
    static SessionLiveness.Evidence judged(PoseFrames camera, List<ChallengeMove> moves) throws Exception {
        Challenge challenge = Challenge.named(moves.stream().map(ChallengeMove::name).toList());
        ChallengeRun run = new ChallengeRun(challenge, 0);
        SessionLiveness session = new SessionLiveness();
        List<byte[]> frames = FollowingChallenge.recording(camera, moves, FPS, 0.5, 7);
        for (int i = 0; i < frames.size(); i++) {
            long at = i * 1000L / FPS;
            try (FrameImage image = FrameImage.decode(frames.get(i))) {
                FaceLandmarks mesh = finder.find(image).landmarks().orElse(null);
                if (mesh == null) {
                    continue; // as quality-service refuses a frame without a face
                }
                HeadPose pose = HeadPose.of(mesh);
                run.add(at, pose.yaw(), pose.pitch());
                List<Point> points = new ArrayList<>();
                for (int p = 0; p < FaceLandmarks.COUNT; p++) {
                    points.add(new Point(mesh.x()[p], mesh.y()[p]));
                }
                session.add(new SessionLiveness.Observation(at, points, mesh.interOcular(), new byte[0], OptionalDouble.empty()));
            }
        }
        return session.challenged(run, true);
    }

    @Test
    void theSubjectPassesEveryChallengeAPrintTurnedAsAskedNone() throws Exception {
        List<String> prints = new ArrayList<>();
        for (ChallengeMove first : List.of(ChallengeMove.TURN_LEFT, ChallengeMove.TURN_RIGHT, ChallengeMove.LOOK_UP,
                ChallengeMove.LOOK_DOWN)) {
            for (ChallengeMove second : List.of(ChallengeMove.TURN_LEFT, ChallengeMove.TURN_RIGHT, ChallengeMove.LOOK_UP,
                    ChallengeMove.LOOK_DOWN)) {
                if (first == second) {
                    continue;
                }
                List<ChallengeMove> moves = List.of(first, second);
                SessionLiveness.Evidence head = judged(subject, moves);
                assertThat(head.result()).as(moves + ": " + head).isEqualTo(SessionLiveness.Result.PASS);
                assertThat(head.structure().structure()).isEqualTo(PlanarMotion.Structure.THREE_DIMENSIONAL);
                if (second.ordinal() == (first.ordinal() + 1) % 4) {
                    SessionLiveness.Evidence flat = judged(print, moves);
                    prints.add(moves + " -> " + flat.failedCheck().orElse("passed") + String.format(" (share %.2f of %.3f IOD)",
                            flat.structure().parallaxShare(), flat.structure().similarityResidual()));
                    assertThat(flat.result()).as(moves + ", a print: " + flat).isEqualTo(SessionLiveness.Result.FAIL);
                }
            }
        }
        System.out.println("a print turned as each challenge asks: " + prints);
    }
}
