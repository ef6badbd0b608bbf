package dev.likeness.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.cli.StartUpProbe;
import dev.likeness.client.Camera;
import dev.likeness.client.CustomerBackend;
import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.StackScale;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.v1.ChallengeMove;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.subjects.FollowingChallenge;
import dev.likeness.subjects.PoseFrames;
import dev.likeness.subjects.TurnedPortrait;
import dev.likeness.vision.FaceFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.likeness.system.Sessions.face;
import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.newUsername;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Challenge liveness, the default policy, through every service: the simulated live subject
 * (synthetic, a portrait moved) follows whatever two moves the server draws and passes, with the
 * evidence in its JWT; a print of the same portrait turned and tilted as asked, a looped still, and
 * a recording of the subject making one fixed sequence (a replay) are refused with the liveness
 * code naming the failing check.
 */
class LivenessSystemTest {

    @RegisterExtension
    static final OwnStack own = new OwnStack("liveness", StackScale.ONE_EACH, SessionLiveness.Policy.CHALLENGE);

    static PoseFrames grace;
    static PoseFrames graceOtherPhoto;
    static PoseFrames graceOtherPrint;
    static PoseFrames graceOtherScreen;

    @BeforeAll
    static void subjects() throws Exception {
        try (FaceFinder finder = FaceFinder.withModels()) {
            grace = PoseFrames.of(face("grace-hopper/frame-01.jpg"), finder, 11);
            graceOtherPhoto = PoseFrames.of(face("grace-hopper-second-photo/frame-01.jpg"), finder, 12);
        }
        graceOtherPrint = PoseFrames.printOf(face("grace-hopper-second-photo/frame-01.jpg"), 13);
        graceOtherScreen = PoseFrames.screenOf(face("grace-hopper-second-photo/frame-01.jpg"), 14);
    }

    @AfterAll
    static void release() throws Exception {
        for (PoseFrames subject : List.of(grace, graceOtherPhoto, graceOtherPrint, graceOtherScreen)) {
            subject.close();
        }
    }

    static SessionReport run(Operation operation, String user, Camera frames, String transactionData) throws Exception {
        return Sessions.run(own.stack(), operation, user, frames, transactionData);
    }

    static JsonNode liveness(SessionReport report, String user, Operation operation, String transactionData) throws Exception {
        CustomerBackend.Verification verdict = own.stack().backend().verify(report.transactionJwt().orElseThrow(), DemoCustomer.NAME, user,
                Sessions.op(operation), transactionData);
        assertThat(verdict.valid()).isTrue();
        return verdict.claims().path("liveness");
    }

    /** An account enrolled by the live subject: what the attacks below try to get into. */
    static String enrolled(String prefix) throws Exception {
        String user = newUsername(prefix);
        SessionReport enrollment = run(Operation.ENROLL, user, FollowingChallenge.of(grace), "open an account");
        assertThat(enrollment.error()).as(enrollment.errorMessage()).isEmpty();
        return user;
    }

    @Test
    void theSimulatedSubjectFollowsTheDrawnChallengeAndPassesWithTheEvidenceInItsJwt() throws Exception {
        String user = newUsername("live");
        SessionReport enrollment = run(Operation.ENROLL, user, FollowingChallenge.of(grace), "open an account");
        assertThat(enrollment.error()).as(enrollment.errorMessage()).isEmpty();
        assertThat(enrollment.challenge()).as("the server asked for two moves").hasValueSatisfying(c -> assertThat(c.getMovesCount())
                .isEqualTo(2));
        JsonNode enrolled = liveness(enrollment, user, Operation.ENROLL, "open an account");
        assertThat(enrolled.path("policy").asText()).isEqualTo("challenge");
        assertThat(enrolled.path("result").asText()).isEqualTo("pass");
        JsonNode challenge = enrolled.path("checks").path(SessionLiveness.CHALLENGE);
        assertThat(challenge.path("outcome").asText()).isEqualTo("done");
        assertThat(challenge.path("moves").get(0).asText()).isEqualTo(enrollment.challenge().get().getMoves(0).name()
                .toLowerCase(Locale.ROOT));
        assertThat(enrolled.path("checks").path(SessionLiveness.STRUCTURE).path("verdict").asText()).isEqualTo("three_dimensional");

        for (int attempt = 1; attempt <= 2; attempt++) {
            SessionReport authentication = run(Operation.AUTH, user, FollowingChallenge.of(graceOtherPhoto), "pay 10 EUR to Bob");
            assertThat(authentication.error()).as("attempt " + attempt + ": " + authentication.errorMessage()).isEmpty();
            assertThat(liveness(authentication, user, Operation.AUTH, "pay 10 EUR to Bob").path("result").asText()).isEqualTo("pass");
        }
    }

    /**
     * The attack the 3D check is for: a print of the user's photo, turned and tilted as the server
     * asks (as an attacker holding it would), with a camera's noise. Whether or not FaceMesh reads
     * the print's turn as a turn, it must not pass.
     */
    @Test
    void aPrintOrAScreenTurnedAsTheChallengeAsksIsRefused() throws Exception {
        String user = enrolled("print");
        for (PoseFrames flat : List.of(graceOtherPrint, graceOtherScreen)) {
            SessionReport refused = run(Operation.AUTH, user, FollowingChallenge.of(flat), "pay 10 EUR to Bob");
            assertThat(refused.transactionJwt()).isEmpty();
            assertThat(refused.error()).contains(ErrorCode.SERVER_LIVENESS_FAILED);
            assertThat(refused.errorMessage()).containsAnyOf(SessionLiveness.STRUCTURE, SessionLiveness.CHALLENGE);
        }
    }

    /** A still with a sensor's noise is no frozen feed, but it makes no move: the challenge runs out. */
    @Test
    void aNoisyStillIsRefusedByTheChallengesTimeLimit() throws Exception {
        String user = enrolled("noisy");
        List<byte[]> still = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            still.add(graceOtherPhoto.jpeg(TurnedPortrait.Pose.FRONTAL));
        }
        SessionReport refused = run(Operation.AUTH, user, FrameSource.of(still), "pay 10 EUR to Bob");
        assertThat(refused.error()).contains(ErrorCode.SERVER_LIVENESS_FAILED);
        assertThat(refused.errorMessage()).contains(SessionLiveness.CHALLENGE).contains("timed_out");
    }

    /** The attack: one photo looped as a camera. Every frame is the same, which no camera's noise allows. */
    @Test
    void aLoopedStillIsRefusedAsNoMovementFromSubject() throws Exception {
        String user = newUsername("still");
        assertThat(run(Operation.ENROLL, user, faces("grace-hopper-second-photo"), "open an account").error())
                .contains(ErrorCode.SERVER_LIVENESS_FAILED);
        assertThat(run(Operation.ENROLL, user, FollowingChallenge.of(grace), "open an account").error()).as("nothing was enrolled")
                .isEmpty();
        SessionReport looped = run(Operation.AUTH, user, faces("grace-hopper-second-photo"), "pay 10 EUR to Bob");
        assertThat(looped.error()).contains(ErrorCode.SERVER_LIVENESS_FAILED);
        assertThat(looped.errorMessage()).contains(SessionLiveness.FROZEN_FEED);
        assertThat(looped.transactionJwt()).isEmpty();
    }

    /**
     * The replay: a recording of the live subject making one fixed sequence, played whatever the
     * server asks. It fails every challenge but its own (drawn 1 time in 12); three tries.
     */
    @Test
    void aReplayOfOneSequenceFailsEveryOtherChallenge() throws Exception {
        String user = enrolled("replay");
        List<ChallengeMove> recorded = List.of(ChallengeMove.TURN_LEFT, ChallengeMove.LOOK_UP);
        List<byte[]> replay = FollowingChallenge.recording(graceOtherPhoto, recorded, 20, 0, 8);
        for (int attempt = 1; attempt <= 3; attempt++) {
            SessionReport played = run(Operation.AUTH, user, FrameSource.of(replay), "pay 10 EUR to Bob");
            List<ChallengeMove> asked = played.challenge().orElseThrow().getMovesList();
            if (!asked.equals(recorded)) {
                assertThat(played.error()).as("attempt " + attempt + ", asked " + asked).contains(ErrorCode.SERVER_LIVENESS_FAILED);
                assertThat(played.errorMessage()).contains(SessionLiveness.CHALLENGE);
            }
        }
    }

    /** `./likeness up`'s warm-up sessions are what users send, the live subject: under a challenge they follow it and finish. */
    @Test
    void theStartUpProbeWarmsAChallengeStackWithoutAWarning() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StartUpProbe.forStack(own.local(), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("warning").contains("the first session a user gets");
    }
}
