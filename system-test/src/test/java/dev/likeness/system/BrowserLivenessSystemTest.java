package dev.likeness.system;

import dev.likeness.client.SessionReport;
import dev.likeness.launcher.DemoLiveness;
import dev.likeness.launcher.StackScale;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.v1.ChallengeMove;
import dev.likeness.proto.v1.Operation;
import dev.likeness.subjects.FollowingChallenge;
import dev.likeness.subjects.MjpegFile;
import dev.likeness.subjects.PoseFrames;
import dev.likeness.vision.FaceFinder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.likeness.system.Sessions.face;
import static dev.likeness.system.Sessions.newUsername;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The liveness challenge in Debian's headless Chromium (web-sdk/test-browser-liveness): a fake
 * camera plays a file and cannot follow a challenge drawn at random, so this stack's auth-service
 * runs its test profile, which gives every session the same moves (impossible under the production
 * profile: ChallengeDrawsTest), and the camera plays recordings made for them: the synthetic
 * subject making the moves, and a print of the photo turned the same way. The subject enrolls first
 * through the Java client, following the challenge live.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BrowserLivenessSystemTest {

    static final List<ChallengeMove> MOVES = List.of(ChallengeMove.TURN_LEFT, ChallengeMove.LOOK_UP);
    /** Chromium plays an MJPEG file at 30 frames/s. */
    static final int CAMERA_FPS = 30;
    /**
     * Facing the camera before the moves: the page loads the SDK and its client filters, opens the
     * camera and the session, and the challenge comes with the first accepted frame, all within it.
     */
    static final double LEAD_IN_SECONDS = 6;
    static final double RECORDING_SECONDS = 16;

    @RegisterExtension
    static final OwnStack own = new OwnStack("liveness-browser", StackScale.ONE_EACH, new DemoLiveness(SessionLiveness.Policy.CHALLENGE,
            MOVES.stream().map(ChallengeMove::name).toList()));

    @BeforeAll
    static void aBrowserIsThereOrExplicitlySkipped() {
        BrowserSystemTest.aBrowserIsThereOrExplicitlySkipped();
    }

    @Test
    void klAuthShowsTheChallengeAndFinishesWithTheSubjectAndRefusesThePrint() throws Exception {
        Path recordings = Path.of("target", "liveness-recordings").toAbsolutePath();
        Path subjectRecording;
        Path printRecording;
        String user = newUsername("browser-challenge");
        try (FaceFinder finder = FaceFinder.withModels();
             PoseFrames grace = PoseFrames.of(face("grace-hopper/frame-01.jpg"), finder, 21);
             PoseFrames graceOther = PoseFrames.of(face("grace-hopper-second-photo/frame-01.jpg"), finder, 22);
             PoseFrames graceOtherPrint = PoseFrames.printOf(face("grace-hopper-second-photo/frame-01.jpg"), 23)) {
            SessionReport enrollment = Sessions.run(own.stack(), Operation.ENROLL, user, FollowingChallenge.of(grace), "open an account");
            assertThat(enrollment.error()).as(enrollment.errorMessage()).isEmpty();
            assertThat(enrollment.challenge().orElseThrow().getMovesList()).as("the stack's fixed challenge").isEqualTo(MOVES);
            subjectRecording = MjpegFile.write(recordings.resolve("subject.mjpeg"),
                    FollowingChallenge.recording(graceOther, MOVES, CAMERA_FPS, LEAD_IN_SECONDS, RECORDING_SECONDS));
            printRecording = MjpegFile.write(recordings.resolve("print.mjpeg"),
                    FollowingChallenge.recording(graceOtherPrint, MOVES, CAMERA_FPS, LEAD_IN_SECONDS, RECORDING_SECONDS));
        }
        Map<String, String> environment = new HashMap<>(BrowserSystemTest.stackEnvironment(own.stack().ports()));
        environment.put("LIKENESS_ENROLLED_USER", user);
        environment.put("LIKENESS_CHALLENGE", MOVES.stream().map(ChallengeMove::name).collect(Collectors.joining(",")));
        environment.put("LIKENESS_SUBJECT_RECORDING", subjectRecording.toString());
        environment.put("LIKENESS_PRINT_RECORDING", printRecording.toString());
        BrowserSystemTest.runNodeSuite("test-browser-liveness/", environment, 6);
    }
}
