package dev.likeness.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.StackScale;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.subjects.PoseFrames;
import dev.likeness.subjects.TurnedPortrait;
import dev.likeness.vision.FaceFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.likeness.system.Sessions.face;
import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.newUsername;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The passive policy through every service: no challenge is asked; a subject that never moved (a
 * still with a camera's noise, no frozen feed) is decided on a second of frames and answered
 * {@code unverified}, not guessed either way; one photo looped as a camera is refused.
 */
class PassiveLivenessSystemTest {

    @RegisterExtension
    static final OwnStack own = new OwnStack("liveness-passive", StackScale.ONE_EACH, SessionLiveness.Policy.PASSIVE);

    @Test
    void aSubjectThatNeverMovedIsUnverifiedAndALoopedStillIsRefused() throws Exception {
        List<byte[]> still = new ArrayList<>();
        try (FaceFinder finder = FaceFinder.withModels();
             PoseFrames grace = PoseFrames.of(face("grace-hopper/frame-01.jpg"), finder, 31)) {
            for (int i = 0; i < 30; i++) {
                still.add(grace.jpeg(TurnedPortrait.Pose.FRONTAL));
            }
        }
        String user = newUsername("passive");
        SessionReport enrollment = Sessions.run(own.stack(), Operation.ENROLL, user, FrameSource.of(still), "open an account");
        assertThat(enrollment.error()).as(enrollment.errorMessage()).isEmpty();
        assertThat(enrollment.challenge()).as("passive asks for nothing").isEmpty();
        JsonNode liveness = own.stack().backend().verify(enrollment.transactionJwt().orElseThrow(), DemoCustomer.NAME, user,
                Sessions.op(Operation.ENROLL), "open an account").claims().path("liveness");
        assertThat(liveness.path("policy").asText()).isEqualTo("passive");
        assertThat(liveness.path("result").asText()).isEqualTo("unverified");
        assertThat(liveness.path("frames").asInt()).isEqualTo(SessionLiveness.FRAMES_NEEDED);

        SessionReport looped = Sessions.run(own.stack(), Operation.AUTH, user, faces("grace-hopper-second-photo"), "pay 10 EUR to Bob");
        assertThat(looped.error()).contains(ErrorCode.SERVER_LIVENESS_FAILED);
        assertThat(looped.errorMessage()).contains(SessionLiveness.FROZEN_FEED);
    }
}
