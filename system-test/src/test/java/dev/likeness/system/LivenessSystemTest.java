package dev.likeness.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.cli.StartUpProbe;
import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionReport;
import dev.likeness.demo.DemoBackend;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.StackScale;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.subjects.LookingAround;
import dev.likeness.vision.FaceFinder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.likeness.system.Sessions.face;
import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.newUsername;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passive liveness through every service, on a stack whose demo customer has the policy passive:
 * a looped still is refused with the liveness code naming the frozen feed; the simulated live
 * subject (synthetic, a portrait moved) is decided on a second of frames, and its JWT carries the
 * evidence, which jwt-verifier returns.
 */
class LivenessSystemTest {

    @RegisterExtension
    static final OwnStack own = new OwnStack("liveness", StackScale.ONE_EACH, SessionLiveness.Policy.PASSIVE);

    static List<byte[]> grace;
    static List<byte[]> graceOtherPhoto;

    @BeforeAll
    static void subjects() throws Exception {
        try (FaceFinder finder = FaceFinder.withModels()) {
            grace = LookingAround.frames(face("grace-hopper/frame-01.jpg"), finder, 10, 4, 11);
            graceOtherPhoto = LookingAround.frames(face("grace-hopper-second-photo/frame-01.jpg"), finder, 10, 4, 12);
        }
    }

    static SessionReport run(Operation operation, String user, FrameSource frames, String transactionData) throws Exception {
        return Sessions.run(own.stack(), operation, user, frames, transactionData);
    }

    static JsonNode liveness(SessionReport report, String user, Operation operation, String transactionData) throws Exception {
        DemoBackend.Verification verdict = own.stack().backend().verify(report.transactionJwt().orElseThrow(), DemoCustomer.NAME, user,
                Sessions.op(operation), transactionData);
        assertThat(verdict.valid()).isTrue();
        return verdict.claims().path("liveness");
    }

    @Test
    void theSimulatedSubjectIsDecidedOnASecondOfFramesAndItsJwtCarriesTheEvidence() throws Exception {
        String user = newUsername("live");
        SessionReport enrollment = run(Operation.ENROLL, user, FrameSource.of(grace), "open an account");
        assertThat(enrollment.error()).isEmpty();
        assertThat(enrollment.progress()).last().satisfies(p -> assertThat(p.getFramesNeeded()).isEqualTo(SessionLiveness.FRAMES_NEEDED));
        JsonNode enrolled = liveness(enrollment, user, Operation.ENROLL, "open an account");
        assertThat(enrolled.path("policy").asText()).isEqualTo("passive");
        assertThat(enrolled.path("result").asText()).as("a moving subject is never called an attack").isIn("pass", "unverified");
        assertThat(enrolled.path("frames").asInt()).isEqualTo(SessionLiveness.FRAMES_NEEDED);
        assertThat(enrolled.path("checks").path(SessionLiveness.FROZEN_FEED).path("frozen").asBoolean(true)).isFalse();

        SessionReport authentication = run(Operation.AUTH, user, FrameSource.of(graceOtherPhoto), "pay 10 EUR to Bob");
        assertThat(authentication.error()).isEmpty();
        assertThat(liveness(authentication, user, Operation.AUTH, "pay 10 EUR to Bob").path("result").asText()).isIn("pass", "unverified");
    }

    /** The attack: one photo looped as a camera. Every frame is the same, which no camera's noise allows. */
    @Test
    void aLoopedStillIsRefusedAsNoMovementFromSubject() throws Exception {
        String user = newUsername("still");
        assertThat(run(Operation.ENROLL, user, faces("grace-hopper-second-photo"), "open an account").error())
                .contains(ErrorCode.SERVER_LIVENESS_FAILED);
        assertThat(run(Operation.ENROLL, user, FrameSource.of(grace), "open an account").error()).as("nothing was enrolled").isEmpty();
        SessionReport looped = run(Operation.AUTH, user, faces("grace-hopper-second-photo"), "pay 10 EUR to Bob");
        assertThat(looped.error()).contains(ErrorCode.SERVER_LIVENESS_FAILED);
        assertThat(looped.errorMessage()).contains(SessionLiveness.FROZEN_FEED);
        assertThat(looped.transactionJwt()).isEmpty();
    }

    /** `./likeness up`'s warm-up sessions are what users send, a moving subject: under passive they finish, as before. */
    @Test
    void theStartUpProbeWarmsAPassiveStackWithoutAWarning() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StartUpProbe.forStack(own.local(), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("warning").contains("the first session a user gets");
    }
}
