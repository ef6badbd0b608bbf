package dev.likeness.system;

import dev.likeness.client.CustomerBackend;
import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.PrometheusText;
import dev.likeness.launcher.StackHttp;
import dev.likeness.launcher.StackService;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.Stop;
import dev.likeness.subjects.LookingAround;
import dev.likeness.vision.FaceFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;

import static dev.likeness.system.Sessions.face;
import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.newUsername;
import static dev.likeness.system.Sessions.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A person enrolls and authenticates through every service; another person and an unknown user are refused. */
@ExtendWith(RunningStack.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EnrollAndAuthenticateSystemTest {

    @Test
    void enrollsAPersonThenAuthenticatesHerAndRefusesSomeoneElse(RunningStack.Stack stack) throws Exception {
        String grace = newUsername("grace");

        SessionReport enrollment = run(stack, Operation.ENROLL, grace, faces("grace-hopper"), "open an account");
        assertThat(enrollment.error()).isEmpty();
        assertThat(enrollment.transactionJwt()).isPresent();
        assertThat(enrollment.acceptedFrames()).isGreaterThanOrEqualTo(5);
        // How far the decision was, as the SDK draws it: each frame auth-service used, of the five it needs
        // (the fifth decides, so Finished, not a Progress, answers it).
        assertThat(enrollment.progress()).extracting(p -> p.getFramesUsed() + "/" + p.getFramesNeeded())
                .containsExactly("1/5", "2/5", "3/5", "4/5");
        CustomerBackend.Verification enrolled = stack.backend().verify(enrollment.transactionJwt().get(), DemoCustomer.NAME, grace,
                "enroll",
                "open an account");
        assertThat(enrolled.valid()).isTrue();
        assertThat(enrolled.claims().path("sub").asText()).isEqualTo(grace);
        assertThat(enrolled.claims().path("op").asText()).isEqualTo("enroll");
        assertThat(enrolled.claims().path("td").asText()).isEqualTo("open an account");

        // Her other photo: a different crop and encoding of the same face.
        SessionReport same = run(stack, Operation.AUTH, grace, faces("grace-hopper-second-photo"), "pay 10 EUR to Bob");
        assertThat(same.error()).isEmpty();
        assertThat(same.transactionJwt()).isPresent();
        CustomerBackend.Verification authenticated = stack.backend().verify(same.transactionJwt().get(), DemoCustomer.NAME, grace, "auth",
                "pay 10 EUR to Bob");
        assertThat(authenticated.valid()).isTrue();
        assertThat(authenticated.claims().path("op").asText()).isEqualTo("auth");

        SessionReport someoneElse = run(stack, Operation.AUTH, grace, faces("eileen-collins"), "pay 10 EUR to Bob");
        assertThat(someoneElse.transactionJwt()).isEmpty();
        assertThat(someoneElse.error()).contains(ErrorCode.SERVER_FACE_DOES_NOT_MATCH);

        SessionReport again = run(stack, Operation.ENROLL, grace, faces("grace-hopper"), "open an account");
        assertThat(again.error()).contains(ErrorCode.SERVER_USER_ALREADY_ENROLLED);
    }

    /**
     * The simulated live subject (synthetic: a portrait's face turned, nodding and blinking, with a
     * camera's noise) through every service: frames turned within the quality limits and the
     * blink's closed eyes are judged like a person's, and the template matches across the two
     * photos; another portrait's subject does not.
     */
    @Test
    void theSimulatedSubjectOfOnePortraitEnrollsAndAuthenticatesAndAnothersDoesNot(RunningStack.Stack stack) throws Exception {
        String user = newUsername("subject");
        List<byte[]> grace;
        List<byte[]> graceOtherPhoto;
        List<byte[]> eileen;
        try (FaceFinder finder = FaceFinder.withModels()) {
            grace = LookingAround.frames(face("grace-hopper/frame-01.jpg"), finder, 10, 4, 1);
            graceOtherPhoto = LookingAround.frames(face("grace-hopper-second-photo/frame-01.jpg"), finder, 10, 4, 2);
            eileen = LookingAround.frames(face("eileen-collins/frame-01.jpg"), finder, 10, 4, 3);
        }
        SessionReport enrollment = run(stack, Operation.ENROLL, user, FrameSource.of(grace), "open an account");
        assertThat(enrollment.error()).isEmpty();
        assertThat(stack.backend().verify(enrollment.transactionJwt().orElseThrow(), DemoCustomer.NAME, user, "enroll", "open an account")
                .valid()).isTrue();
        SessionReport authentication = run(stack, Operation.AUTH, user, FrameSource.of(graceOtherPhoto), "pay 10 EUR to Bob");
        assertThat(authentication.error()).isEmpty();
        assertThat(stack.backend().verify(authentication.transactionJwt().orElseThrow(), DemoCustomer.NAME, user, "auth",
                "pay 10 EUR to Bob").valid()).isTrue();
        assertThat(run(stack, Operation.AUTH, user, FrameSource.of(eileen), "pay 10 EUR to Bob").error())
                .contains(ErrorCode.SERVER_FACE_DOES_NOT_MATCH);
    }

    @Test
    void fiveWrongFacesLockTheUserOutEvenForTheRightOne(RunningStack.Stack stack) throws Exception {
        String user = newUsername("locked");
        assertThat(run(stack, Operation.ENROLL, user, faces("grace-hopper"), "open an account").finished()).isTrue();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(run(stack, Operation.AUTH, user, faces("eileen-collins"), "pay").error()).as("attempt " + attempt)
                    .contains(ErrorCode.SERVER_FACE_DOES_NOT_MATCH);
        }
        SessionReport locked = run(stack, Operation.AUTH, user, faces("grace-hopper-second-photo"), "pay");
        assertThat(locked.error()).contains(ErrorCode.SERVER_USER_LOCKED_OUT);
        assertThat(locked.transactionJwt()).isEmpty();
    }

    @Test
    void theCustomerBackendRefusesAJwtForOtherTransactionDataAnotherUserOrLoginAndAReplayedOne(RunningStack.Stack stack) throws Exception {
        String user = newUsername("ada");
        SessionReport enrollment = run(stack, Operation.ENROLL, user, faces("grace-hopper"), "the real transaction");
        String jwt = enrollment.transactionJwt().orElseThrow();

        assertThat(stack.backend().verify(jwt, DemoCustomer.NAME, user, "enroll",
                "another transaction").reason()).isEqualTo("transaction_data_mismatch");
        assertThat(stack.backend().verify(jwt, DemoCustomer.NAME, user, "auth", "the real transaction").reason())
                .as("an enrollment's JWT presented as an authentication's").isEqualTo("operation_mismatch");
        assertThatThrownBy(() -> stack.backend().verify(jwt, "another-customer", user, "enroll", "the real transaction"))
                .as("the demo backend's key asks only about demo's tokens").hasMessageContaining("HTTP 403");
        assertThat(stack.backend().verify(jwt, DemoCustomer.NAME, newUsername("alice"), "enroll", "the real transaction").reason())
                .as("Mallory's own JWT, same transaction data, submitted in Alice's login").isEqualTo("wrong_subject");
        assertThat(stack.backend().verify(jwt, DemoCustomer.NAME, user, "enroll", "the real transaction",
                Optional.of("the user token of another login")).reason()).as("the JWT of another login").isEqualTo("nonce_mismatch");
        assertThat(stack.backend().verify(jwt, DemoCustomer.NAME, user, "enroll", "the real transaction").valid()).isTrue();
        assertThat(stack.backend().verify(jwt, DemoCustomer.NAME, user, "enroll", "the real transaction").reason()).isEqualTo("replayed");
    }

    @Test
    void authenticatingAUserWhoNeverEnrolledIsRefused(RunningStack.Stack stack) throws Exception {
        SessionReport report = run(stack, Operation.AUTH, newUsername("nobody"), faces("eileen-collins"), "td");
        assertThat(report.error()).contains(ErrorCode.SERVER_USER_NOT_FOUND);
    }

    @Test
    void framesWithoutAFaceGetGuidanceAndDoNotCount(RunningStack.Stack stack) throws Exception {
        List<byte[]> frames = new ArrayList<>(List.of(face("no-face/frame-01.jpg"), face("no-face/frame-01.jpg")));
        for (int i = 0; i < 8; i++) {
            frames.add(face("grace-hopper/frame-0" + (i % 5 + 1) + ".jpg"));
        }
        SessionReport report = run(stack, Operation.ENROLL, newUsername("katherine"), FrameSource.of(frames), "td");

        assertThat(report.transactionJwt()).isPresent();
        SessionReport.FrameTiming first = report.answered().get(0);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.accepted()).isFalse();
        assertThat(first.triggered()).containsExactly("face_missing");
    }

    /**
     * A user who leaves mid-enrolment, after frames reached auth-service: the gateway's end marker
     * travels the frame topics behind them, and the relay cancels the session's stream at once
     * (auth-service drops the attempt) instead of holding it for its 90 s idle timeout.
     */
    @Test
    void aSessionStoppedBeforeItsDecisionReleasesItsStreamToAuthServiceAtOnce(RunningStack.Stack stack) throws Exception {
        Relay relay = new Relay(stack.stack().http(), stack.stack().instance(StackService.AUTH_RELAY.module()).baseUrl());
        double abandonedBefore = relay.metric("likeness_relay_streams_abandoned_total");
        try (var connection = Sessions.started(stack, newUsername("leaves"), Operation.ENROLL)) {
            int answered = 0;
            for (long sequence = 1; answered < 2; ) {
                if (sequence <= 2) {
                    connection.send(Sessions.frame(stack, connection, sequence, face("grace-hopper/frame-0" + sequence + ".jpg")));
                    sequence++;
                }
                var message = Sessions.next(connection);
                if (message.hasFrameResult()) {
                    assertThat(message.getFrameResult().getAccepted()).isTrue();
                    answered++;
                }
            }
            relay.await("likeness_relay_streams_open", open -> open >= 1, "the relay opened the session's stream");
            connection.send(ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build());
        }
        relay.await("likeness_relay_streams_abandoned_total", n -> n >= abandonedBefore + 1,
                "the stream was cancelled as abandoned");
        relay.await("likeness_relay_streams_open", open -> open == 0, "no stream is left open");
    }

    /** auth-relay's metrics, read while a test waits for one to change. */
    private record Relay(StackHttp http, URI baseUrl) {
        double metric(String series) {
            return PrometheusText.value(http.scrape(baseUrl), series).orElse(0.0);
        }

        void await(String series, DoublePredicate condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            double value = metric(series);
            while (!condition.test(value) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                value = metric(series);
            }
            assertThat(condition.test(value)).as(what + " (" + series + " = " + value + ")").isTrue();
        }
    }
}
