package dev.likeness.auth.grpc;

import com.google.protobuf.ByteString;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.likeness.auth.store.LockoutStore;
import dev.likeness.auth.store.MigratedDatabase;
import dev.likeness.auth.store.TemplateSealer;
import dev.likeness.auth.store.TemplateStore;
import dev.likeness.auth.store.UserAdministration;
import dev.likeness.auth.template.AlignedFaceDescriber;
import dev.likeness.auth.template.FaceMatcher;
import dev.likeness.auth.template.FaceTemplate;
import dev.likeness.auth.token.TransactionTokenSigner;
import dev.likeness.crypto.FrameBinding;
import dev.likeness.crypto.ImageEnvelope;
import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.crypto.TransactionDataHash;
import dev.likeness.crypto.UserAuthorization;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.v1.AuthenticationFrame;
import dev.likeness.proto.v1.AuthenticationGrpc;
import dev.likeness.proto.v1.AuthenticationRequest;
import dev.likeness.proto.v1.AuthenticationResponse;
import dev.likeness.proto.v1.ChallengeMove;
import dev.likeness.proto.v1.EncryptedImage;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.FaceGeometry;
import dev.likeness.proto.v1.LivenessMeasures;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.Point;
import dev.likeness.proto.v1.SessionContext;
import dev.likeness.testsupport.TestKeys;
import dev.likeness.testsupport.TestTokens;
import dev.likeness.vision.FaceAligner;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.KeyGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** One attempt's decisions on real photos, with real keys and a real (embedded) PostgreSQL. */
class AuthenticationAttemptTest {

    static final Path FACES = Path.of("..", "testdata", "faces");
    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();
    static KeyPair imageKey;
    /** The demo customer's user-token key, which its backend signs each session's authorization with. */
    static KeyPair customerKey;
    static AuthenticationAttempt.Dependencies deps;
    static FaceFinder finder;

    /**
     * Every test session has this id, so {@link #frame} can seal for it (attempts are independent
     * of each other; the binding is what is tested here, not session ids' uniqueness).
     */
    static final String SESSION_ID = "auth-test-session";

    @BeforeAll
    static void start() throws Exception {
        finder = FaceFinder.withModels();
        TemplateStore store = new TemplateStore(database.pool());
        deps = dependencies(store, new LockoutStore(database.pool(), 5, Duration.ofMinutes(10)));
    }

    static AuthenticationAttempt.Dependencies dependencies(TemplateStore store, LockoutStore lockout) throws Exception {
        if (imageKey == null) {
            imageKey = TestKeys.rsa();
            customerKey = TestKeys.ec();
        }
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(256);
        return new AuthenticationAttempt.Dependencies(
                new SessionAuthorization(new UserAuthorization(Map.of("demo", List.of(customerKey.getPublic())), "likeness",
                        Duration.ofMinutes(10), Duration.ofSeconds(30), Clock.systemUTC()), Duration.ofMinutes(2)),
                new ImageKeyRing(Map.of("k1", new ImageKeyRing.Entry("demo", imageKey.getPrivate()))),
                new AlignedFaceDescriber(new FaceDescriber()), new FaceMatcher(FaceDescriber.PUBLISHED_THRESHOLD),
                store, lockout, new TemplateSealer(aes.generateKey()),
                new TransactionTokenSigner(new ECKeyGenerator(Curve.P_256).keyID("t").generate(), "likeness",
                        Duration.ofMinutes(5), Clock.systemUTC()), new LivenessPolicies(Map.of("demo", SessionLiveness.Policy.OFF)),
                ChallengeDraws.drawnFrom(new Random(11)), 5, 3,
                new AuthenticationMetrics(new SimpleMeterRegistry()));
    }

    static SessionContext session(String username, Operation operation) {
        return session(username, operation, SESSION_ID);
    }

    /** A session as the gateway admits it: with the user token the customer's backend signed for it. */
    static SessionContext session(String username, Operation operation, String sessionId) {
        return SessionContext.newBuilder().setSessionId(sessionId).setAuthorizationId("user-token-of-" + sessionId)
                .setAuthorizationToken(userToken(username, operation, "td", "user-token-of-" + sessionId, Instant.now()))
                .setCustomer("demo").setUsername(username).setOperation(operation).setTransactionData("td").setKeyId("k1").build();
    }

    static String userToken(String username, Operation operation, String transactionData, String jti, Instant issuedAt) {
        return TestTokens.signed(customerKey.getPrivate(), new JWTClaimsSet.Builder().subject(username).audience("likeness")
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plusSeconds(60))).jwtID(jti)
                .claim(UserAuthorization.OPERATION_CLAIM, operation.name().toLowerCase(Locale.ROOT))
                .claim(TransactionDataHash.CLAIM, TransactionDataHash.of(transactionData)).build());
    }

    /** The photo as quality-service forwards it: encrypted, with the face geometry it found. */
    static AuthenticationFrame frame(long sequence, String photo) throws Exception {
        return frame(SESSION_ID, sequence, photo);
    }

    /** ... sealed, as the client did, for session {@code sessionId} at {@code sequence}. */
    static AuthenticationFrame frame(String sessionId, long sequence, String photo) throws Exception {
        byte[] jpeg = Files.readAllBytes(FACES.resolve(photo));
        return AuthenticationFrame.newBuilder().setSequence(sequence)
                .setImage(ImageEnvelope.seal(jpeg, imageKey.getPublic(), FrameBinding.associatedData(sessionId, sequence)))
                .setFace(geometry(jpeg)).build();
    }

    static FaceGeometry geometry(byte[] jpeg) throws Exception {
        try (FrameImage image = FrameImage.decode(jpeg)) {
            FaceFinder.Finding finding = finder.find(image);
            var face = finding.largest().orElseThrow();
            FaceGeometry.Builder geometry = FaceGeometry.newBuilder().setX((float) face.box().x()).setY((float) face.box().y())
                    .setWidth((float) face.box().width()).setHeight((float) face.box().height())
                    .setDetectionScore((float) face.score()).setLandmarkScore((float) finding.landmarks().orElseThrow().score());
            FaceAligner.alignmentPoints(finding.landmarks().orElseThrow())
                    .forEach(p -> geometry.addAlignmentPoints(Point.newBuilder().setX((float) p.x()).setY((float) p.y())));
            return geometry.build();
        }
    }

    static AuthenticationResponse enroll(String username) throws Exception {
        AuthenticationAttempt attempt = new AuthenticationAttempt(session(username, Operation.ENROLL), deps);
        assertThat(attempt.begin()).isEmpty();
        AuthenticationResponse last = null;
        for (int i = 1; i <= 5; i++) {
            last = attempt.onFrame(frame(i, "grace-hopper/frame-0" + i + ".jpg")).orElseThrow();
        }
        return last;
    }

    @Test
    void enrollsAfterFiveFramesIgnoringDuplicates() throws Exception {
        AuthenticationAttempt attempt = new AuthenticationAttempt(session("grace", Operation.ENROLL), deps);
        assertThat(attempt.begin()).isEmpty();
        assertThat(attempt.onFrame(frame(1, "grace-hopper/frame-01.jpg")).orElseThrow().getProgress().getFramesUsed()).isEqualTo(1);
        assertThat(attempt.onFrame(frame(1, "grace-hopper/frame-01.jpg"))).as("redelivered").isEmpty();
        for (int i = 2; i <= 5; i++) {
            AuthenticationResponse response = attempt.onFrame(frame(i, "grace-hopper/frame-0" + i + ".jpg")).orElseThrow();
            if (i < 5) {
                assertThat(response.getProgress().getFramesNeeded()).isEqualTo(5);
                assertThat(response.getProgress().getFramesUsed()).isEqualTo(i);
            } else {
                assertThat(SignedJWT.parse(response.getFinished().getTransactionJwt()).getJWTClaimsSet().getClaim("nonce"))
                        .as("the user token's jti, for the backend to bind the JWT to its login").isEqualTo("user-token-of-" + SESSION_ID);
            }
        }
        assertThat(attempt.onFrame(frame(6, "grace-hopper/frame-01.jpg"))).as("after the decision").isEmpty();
        assertThat(new AuthenticationAttempt(session("grace", Operation.ENROLL), deps).begin().orElseThrow()
                .getError().getCode()).isEqualTo(ErrorCode.SERVER_USER_ALREADY_ENROLLED);
    }

    /**
     * A session context that no verified Start made, as someone able to write to frames-accepted
     * (or holding a relay certificate) would send it: each is refused before any template is read
     * or written, and the genuine context next to them still enrolls.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedContexts")
    void aContextWhoseAuthorizationDoesNotHoldIsRefused(String forgery, UnaryOperator<SessionContext.Builder> forge) throws Exception {
        SessionContext forged = forge.apply(session("forged-" + forgery.hashCode(), Operation.ENROLL).toBuilder()).build();
        AuthenticationResponse refused = new AuthenticationAttempt(forged, deps).begin().orElseThrow();
        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.SERVER_FORBIDDEN);
        assertThat(deps.store().find("demo", forged.getUsername())).as("nothing enrolled").isEmpty();
    }

    static Stream<Arguments> forgedContexts() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("no token", (UnaryOperator<SessionContext.Builder>) c -> c.clearAuthorizationToken()),
                Arguments.of("another user's token", (UnaryOperator<SessionContext.Builder>) c -> c.setUsername("victim")),
                Arguments.of("an auth token used to enroll", (UnaryOperator<SessionContext.Builder>) c -> c.setAuthorizationToken(
                        userToken(c.getUsername(), Operation.AUTH, "td", c.getAuthorizationId(), now))),
                Arguments.of("other transaction data", (UnaryOperator<SessionContext.Builder>) c -> c.setTransactionData("pay 10,000 EUR")),
                Arguments.of("another session's token", (UnaryOperator<SessionContext.Builder>) c -> c.setAuthorizationId("user-token-x")),
                Arguments.of("a token long expired", (UnaryOperator<SessionContext.Builder>) c -> c.setAuthorizationToken(
                        userToken(c.getUsername(), Operation.ENROLL, "td", c.getAuthorizationId(), now.minus(Duration.ofMinutes(5))))),
                Arguments.of("a token signed by another key", (UnaryOperator<SessionContext.Builder>) c -> c.setAuthorizationToken(
                        TestTokens.signed(TestKeys.ec().getPrivate(), new JWTClaimsSet.Builder().subject(c.getUsername())
                                .audience("likeness").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                                .jwtID(c.getAuthorizationId()).claim(UserAuthorization.OPERATION_CLAIM, "enroll")
                                .claim(TransactionDataHash.CLAIM, TransactionDataHash.of("td")).build()))),
                Arguments.of("another customer", (UnaryOperator<SessionContext.Builder>) c -> c.setCustomer("acme")));
    }

    @Test
    void authenticatesTheEnrolledPersonAndRefusesAnother() throws Exception {
        assertThat(enroll("hopper").hasFinished()).isTrue();

        AuthenticationAttempt same = new AuthenticationAttempt(session("hopper", Operation.AUTH), deps);
        assertThat(same.begin()).isEmpty();
        same.onFrame(frame(1, "grace-hopper-second-photo/frame-01.jpg"));
        same.onFrame(frame(2, "grace-hopper-second-photo/frame-01.jpg"));
        assertThat(same.onFrame(frame(3, "grace-hopper-second-photo/frame-01.jpg")).orElseThrow().hasFinished()).isTrue();

        AuthenticationAttempt other = new AuthenticationAttempt(session("hopper", Operation.AUTH), deps);
        assertThat(other.begin()).isEmpty();
        other.onFrame(frame(1, "eileen-collins/frame-01.jpg"));
        other.onFrame(frame(2, "eileen-collins/frame-01.jpg"));
        assertThat(other.onFrame(frame(3, "eileen-collins/frame-01.jpg")).orElseThrow().getError().getCode())
                .isEqualTo(ErrorCode.SERVER_FACE_DOES_NOT_MATCH);
    }

    /** One authentication of {@code username} from three frames of {@code photo}: its terminal response. */
    static AuthenticationResponse authenticate(String username, String photo) throws Exception {
        String sessionId = UUID.randomUUID().toString();
        AuthenticationAttempt attempt = new AuthenticationAttempt(session(username, Operation.AUTH, sessionId), deps);
        Optional<AuthenticationResponse> refused = attempt.begin();
        if (refused.isPresent()) {
            return refused.get();
        }
        attempt.onFrame(frame(sessionId, 1, photo));
        attempt.onFrame(frame(sessionId, 2, photo));
        return attempt.onFrame(frame(sessionId, 3, photo)).orElseThrow();
    }

    /**
     * Parallel face-guessing: twenty impostor sessions begin at once for one user, on two
     * auth-service instances sharing the database. As many get to guess as one after another
     * would (the lockout's five); the rest are locked out before any frame is compared.
     */
    @Test
    void twentySessionsAtOnceOnTwoInstancesGetNoMoreGuessesThanTheLockoutAllows() throws Exception {
        assertThat(enroll("crowded").hasFinished()).isTrue();
        List<AuthenticationAttempt.Dependencies> instances = List.of(deps,
                withLockout(new LockoutStore(database.secondPool(), 5, Duration.ofMinutes(10))));
        ExecutorService sessions = Executors.newFixedThreadPool(20);
        CountDownLatch together = new CountDownLatch(1);
        List<Future<Optional<AuthenticationResponse>>> begun = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            AuthenticationAttempt attempt = new AuthenticationAttempt(session("crowded", Operation.AUTH, "impostor-" + i),
                    instances.get(i % 2));
            begun.add(sessions.submit(() -> {
                together.await();
                return attempt.begin();
            }));
        }
        together.countDown();
        int guessing = 0;
        int lockedOut = 0;
        for (Future<Optional<AuthenticationResponse>> outcome : begun) {
            Optional<AuthenticationResponse> refused = outcome.get(1, TimeUnit.MINUTES);
            if (refused.isEmpty()) {
                guessing++;
            } else if (refused.get().getError().getCode() == ErrorCode.SERVER_USER_LOCKED_OUT) {
                lockedOut++;
            }
        }
        sessions.shutdown();
        assertThat(guessing).as("sessions that get to compare a face").isEqualTo(5);
        assertThat(lockedOut).isEqualTo(15);
    }

    /** An erasure takes effect on an attempt already running: the right face, but no JWT for an erased user. */
    @Test
    void aUserErasedDuringTheAttemptGetsNoJwt() throws Exception {
        assertThat(enroll("erased-meanwhile").hasFinished()).isTrue();
        String sessionId = UUID.randomUUID().toString();
        AuthenticationAttempt attempt = new AuthenticationAttempt(session("erased-meanwhile", Operation.AUTH, sessionId), deps);
        assertThat(attempt.begin()).isEmpty();
        attempt.onFrame(frame(sessionId, 1, "grace-hopper-second-photo/frame-01.jpg"));
        new UserAdministration(database.pool()).erase("demo", "erased-meanwhile",
                new UserAdministration.AuditRecord("demo", "test", "erase", "erased-meanwhile", "done"));
        attempt.onFrame(frame(sessionId, 2, "grace-hopper-second-photo/frame-01.jpg"));
        AuthenticationResponse decision = attempt.onFrame(frame(sessionId, 3, "grace-hopper-second-photo/frame-01.jpg")).orElseThrow();
        assertThat(decision.hasFinished()).isFalse();
        assertThat(decision.getError().getCode()).isEqualTo(ErrorCode.SERVER_USER_NOT_FOUND);
    }

    /** The same parts as {@link #deps}, with the lockout of another instance. */
    static AuthenticationAttempt.Dependencies withLockout(LockoutStore lockout) {
        return new AuthenticationAttempt.Dependencies(deps.authorization(), deps.keys(), deps.describer(), deps.matcher(), deps.store(),
                lockout, deps.sealer(), deps.signer(), deps.liveness(), deps.challenges(), deps.enrollmentFrames(),
                deps.authenticationFrames(), deps.metrics());
    }

    /** The same parts as {@link #deps}, the demo customer's liveness policy passive. */
    static AuthenticationAttempt.Dependencies passive() {
        return new AuthenticationAttempt.Dependencies(deps.authorization(), deps.keys(), deps.describer(), deps.matcher(), deps.store(),
                deps.lockout(), deps.sealer(), deps.signer(), new LivenessPolicies(Map.of("demo", SessionLiveness.Policy.PASSIVE)),
                deps.challenges(), deps.enrollmentFrames(), deps.authenticationFrames(), deps.metrics());
    }

    /**
     * A frame of {@code photo} with the liveness measures quality-service adds: its mesh, and a
     * grey sample of the face that is the same every frame (a looped still) or a camera's noise.
     */
    static AuthenticationFrame measuredFrame(String sessionId, long sequence, String photo, boolean stillPixels) throws Exception {
        AuthenticationFrame frame = frame(sessionId, sequence, photo);
        byte[] grey = new byte[32 * 32];
        Random noise = new Random(stillPixels ? 0 : sequence);
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (byte) (128 + (int) Math.round(noise.nextGaussian() * 2));
        }
        LivenessMeasures.Builder measures = LivenessMeasures.newBuilder().setFaceGrey(ByteString.copyFrom(grey));
        try (FrameImage image = FrameImage.decode(Files.readAllBytes(FACES.resolve(photo)))) {
            FaceLandmarks mesh = finder.find(image).landmarks().orElseThrow();
            for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                measures.addMesh(mesh.x()[i]).addMesh(mesh.y()[i]);
            }
        }
        return frame.toBuilder().setReceivedAtMs(sequence * 100).setFace(frame.getFace().toBuilder().setLiveness(measures)).build();
    }

    /** The same parts as {@link #deps}, the demo customer's liveness policy challenge. */
    static AuthenticationAttempt.Dependencies challenged() {
        return new AuthenticationAttempt.Dependencies(deps.authorization(), deps.keys(), deps.describer(), deps.matcher(), deps.store(),
                deps.lockout(), deps.sealer(), deps.signer(), new LivenessPolicies(Map.of("demo", SessionLiveness.Policy.CHALLENGE)),
                ChallengeDraws.drawnFrom(new SecureRandom()), deps.enrollmentFrames(), deps.authenticationFrames(), deps.metrics());
    }

    /** A measured frame of {@code photo} whose head pose quality-service read as {@code yaw} and {@code pitch}. */
    static AuthenticationFrame posedFrame(String sessionId, long sequence, String photo, double yaw, double pitch) throws Exception {
        AuthenticationFrame frame = measuredFrame(sessionId, sequence, photo, false);
        return frame.toBuilder().setFace(frame.getFace().toBuilder().setLiveness(frame.getFace().getLiveness().toBuilder()
                .setYaw((float) yaw).setPitch((float) pitch))).build();
    }

    /** The pose a move takes a head to from yaw 0, pitch 10: well past the challenge's angles. */
    static double[] posed(ChallengeMove move) {
        return switch (move) {
            case TURN_LEFT -> new double[] {12, 10};
            case TURN_RIGHT -> new double[] {-12, 10};
            case LOOK_UP -> new double[] {0, -6};
            case LOOK_DOWN -> new double[] {0, 26};
            default -> throw new IllegalArgumentException(move.name());
        };
    }

    /**
     * An authentication under a challenge of the photos {@code frontal} and, for the moves,
     * {@code turned}: three frontal frames, the moves asked (or the opposite of the first when
     * {@code wrongFirst}), each followed by a frontal frame, then frontal frames until decided.
     */
    static AuthenticationResponse challengedAttempt(String username, String frontal, String turned, boolean wrongFirst) throws Exception {
        String sessionId = UUID.randomUUID().toString();
        AuthenticationAttempt attempt = new AuthenticationAttempt(session(username, Operation.AUTH, sessionId), challenged());
        assertThat(attempt.begin()).isEmpty();
        var challenge = attempt.challenge().orElseThrow().getChallenge();
        assertThat(challenge.getMovesCount()).isEqualTo(2);
        assertThat(challenge.getTimeLimitMs()).isEqualTo(10_000);
        List<double[]> poses = new ArrayList<>(List.of(new double[] {0, 10}, new double[] {0, 10}, new double[] {0, 10}));
        List<String> photos = new ArrayList<>(List.of(frontal, frontal, frontal));
        for (ChallengeMove move : challenge.getMovesList()) {
            double[] pose = posed(move);
            poses.add(wrongFirst ? new double[] {-pose[0], 20 - pose[1]} : pose);
            photos.add(turned);
            poses.add(new double[] {0, 10});
            photos.add(frontal);
        }
        long sequence = 0;
        for (int i = 0; i < 20; i++) {
            double[] pose = i < poses.size() ? poses.get(i) : new double[] {0, 10};
            String photo = i < photos.size() ? photos.get(i) : frontal;
            Optional<AuthenticationResponse> answer = attempt.onFrame(posedFrame(sessionId, ++sequence, photo, pose[0], pose[1]));
            if (answer.isPresent() && !answer.get().hasProgress()) {
                return answer.get();
            }
        }
        throw new AssertionError("no decision after 20 frames");
    }

    /**
     * Under a challenge the attempt asks for two random moves and fails a session that makes
     * another first, one whose turned faces are another person's, and one whose moves show no
     * head's depth (still photos posed: the measured parallax is nil). The pass, on the rendered
     * subject, is proven through the pipeline (system-test's LivenessSystemTest).
     */
    @Test
    void underAChallengeAWrongMoveAFaceSwapAndPosedPhotosAreRefused() throws Exception {
        assertThat(enroll("challenged").hasFinished()).isTrue();
        String grace = "grace-hopper-second-photo/frame-01.jpg";
        AuthenticationResponse wrong = challengedAttempt("challenged", grace, grace, true);
        assertThat(wrong.getError().getCode()).isEqualTo(ErrorCode.SERVER_LIVENESS_FAILED);
        assertThat(wrong.getError().getMessage()).startsWith("liveness check failed: " + SessionLiveness.CHALLENGE + " (asked ")
                .contains("wrong_move");
        AuthenticationResponse swapped = challengedAttempt("challenged", grace, "eileen-collins/frame-01.jpg", false);
        assertThat(swapped.getError().getMessage()).isEqualTo("liveness check failed: " + SessionLiveness.SAME_PERSON);
        AuthenticationResponse photos = challengedAttempt("challenged", grace, grace, false);
        assertThat(photos.getError().getMessage()).startsWith("liveness check failed: " + SessionLiveness.STRUCTURE + " (");
    }

    /** Under passive, a looped still (the same frame a second long) is refused, enrolling nothing and counting as a failed guess. */
    @Test
    void underPassiveALoopedStillIsRefusedAsNoMovementFromSubject() throws Exception {
        String sessionId = UUID.randomUUID().toString();
        AuthenticationAttempt enrollment = new AuthenticationAttempt(session("looped", Operation.ENROLL, sessionId), passive());
        assertThat(enrollment.begin()).isEmpty();
        AuthenticationResponse last = null;
        for (int i = 1; i <= SessionLiveness.FRAMES_NEEDED; i++) {
            last = enrollment.onFrame(measuredFrame(sessionId, i, "grace-hopper-second-photo/frame-01.jpg", true)).orElseThrow();
            if (i < SessionLiveness.FRAMES_NEEDED) {
                assertThat(last.getProgress().getFramesNeeded()).as("a second of frames, not five")
                        .isEqualTo(SessionLiveness.FRAMES_NEEDED);
            }
        }
        assertThat(last.getError().getCode()).isEqualTo(ErrorCode.SERVER_LIVENESS_FAILED);
        assertThat(last.getError().getMessage()).contains(SessionLiveness.FROZEN_FEED);
        assertThat(deps.store().find("demo", "looped")).as("nothing enrolled").isEmpty();

        assertThat(enroll("looped-auth").hasFinished()).isTrue();
        String authId = UUID.randomUUID().toString();
        AuthenticationAttempt authentication = new AuthenticationAttempt(session("looped-auth", Operation.AUTH, authId), passive());
        assertThat(authentication.begin()).isEmpty();
        for (int i = 1; i <= SessionLiveness.FRAMES_NEEDED; i++) {
            last = authentication.onFrame(measuredFrame(authId, i, "grace-hopper-second-photo/frame-01.jpg", true)).orElseThrow();
        }
        assertThat(last.getError().getCode()).isEqualTo(ErrorCode.SERVER_LIVENESS_FAILED);
        for (int attempt = 0; attempt < 4; attempt++) {
            deps.lockout().failed("demo", "looped-auth", "another-" + attempt);
        }
        assertThat(deps.lockout().isLockedOut("demo", "looped-auth")).as("the refusal was the first of five failures").isTrue();
    }

    /** Under passive, frames with a camera's noise are decided after a second, and the JWT says what liveness found. */
    @Test
    void underPassiveTheJwtCarriesTheLivenessEvidence() throws Exception {
        assertThat(enroll("evidence").hasFinished()).isTrue();
        String sessionId = UUID.randomUUID().toString();
        AuthenticationAttempt attempt = new AuthenticationAttempt(session("evidence", Operation.AUTH, sessionId), passive());
        assertThat(attempt.begin()).isEmpty();
        AuthenticationResponse last = null;
        for (int i = 1; i <= SessionLiveness.FRAMES_NEEDED; i++) {
            last = attempt.onFrame(measuredFrame(sessionId, i, "grace-hopper-second-photo/frame-01.jpg", false)).orElseThrow();
        }
        assertThat(last.hasFinished()).isTrue();
        Map<String, Object> liveness = SignedJWT.parse(last.getFinished().getTransactionJwt()).getJWTClaimsSet()
                .getJSONObjectClaim("liveness");
        assertThat(liveness).containsEntry("policy", "passive").containsEntry("result", "unverified")
                .containsEntry("frames", (long) SessionLiveness.FRAMES_NEEDED).containsKey("checks").doesNotContainKey("failed_check");
    }

    @Test
    void underOffTheJwtReportsWhatWasMeasuredWithoutRefusing() throws Exception {
        assertThat(enroll("measured").hasFinished()).isTrue();
        AuthenticationResponse decision = authenticate("measured", "grace-hopper-second-photo/frame-01.jpg");
        Map<String, Object> liveness = SignedJWT.parse(decision.getFinished().getTransactionJwt()).getJWTClaimsSet()
                .getJSONObjectClaim("liveness");
        assertThat(liveness).containsEntry("policy", "off").containsEntry("result", "unverified");
    }

    @Test
    void fiveFailedAuthenticationsLockTheUserOutEvenWithTheRightFace() throws Exception {
        assertThat(enroll("locky").hasFinished()).isTrue();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(authenticate("locky", "eileen-collins/frame-01.jpg").getError().getCode()).as("attempt " + attempt)
                    .isEqualTo(ErrorCode.SERVER_FACE_DOES_NOT_MATCH);
        }
        assertThat(authenticate("locky", "grace-hopper-second-photo/frame-01.jpg").getError().getCode())
                .as("locked out: not even compared").isEqualTo(ErrorCode.SERVER_USER_LOCKED_OUT);
        assertThat(authenticate("hopper-elsewhere", "grace-hopper-second-photo/frame-01.jpg").getError().getCode())
                .as("another user is not affected").isEqualTo(ErrorCode.SERVER_USER_NOT_FOUND);

        deps.lockout().succeeded("demo", "locky"); // what the customer's unlock does
        assertThat(authenticate("locky", "grace-hopper-second-photo/frame-01.jpg").hasFinished()).isTrue();
    }

    @Test
    void aFrameSealedForAnotherSessionIsRefused() throws Exception {
        assertThat(enroll("bound").hasFinished()).isTrue();
        AuthenticationAttempt attempt = new AuthenticationAttempt(session("bound", Operation.AUTH), deps);
        assertThat(attempt.begin()).isEmpty();
        assertThat(attempt.onFrame(frame("another-session", 1, "grace-hopper-second-photo/frame-01.jpg")).orElseThrow()
                .getError().getCode()).isEqualTo(ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED);
    }

    @Test
    void aSuccessForgetsTheFailuresBeforeIt() throws Exception {
        assertThat(enroll("forgiven").hasFinished()).isTrue();
        for (int attempt = 1; attempt <= 4; attempt++) {
            authenticate("forgiven", "eileen-collins/frame-01.jpg");
        }
        assertThat(authenticate("forgiven", "grace-hopper-second-photo/frame-01.jpg").hasFinished()).isTrue();
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(authenticate("forgiven", "eileen-collins/frame-01.jpg").getError().getCode())
                    .isEqualTo(ErrorCode.SERVER_FACE_DOES_NOT_MATCH);
        }
        assertThat(authenticate("forgiven", "grace-hopper-second-photo/frame-01.jpg").hasFinished())
                .as("four failures since the success: not locked").isTrue();
    }

    @Test
    void aTemplateOfAnEarlierModelAsksForEnrollmentAgainWhichReplacesIt() throws Exception {
        byte[] baseline = ByteBuffer.allocate(16).putInt(1).putInt(2).putFloat(0.5f).putFloat(0.25f).array();
        deps.store().enroll("demo", "legacy", deps.sealer().seal("demo", "legacy", FaceTemplate.fromBytes(baseline)));
        assertThat(new AuthenticationAttempt(session("legacy", Operation.AUTH), deps).begin().orElseThrow()
                .getError().getCode()).isEqualTo(ErrorCode.SERVER_TEMPLATE_OUTDATED);
        assertThat(enroll("legacy").hasFinished()).isTrue();
        assertThat(new AuthenticationAttempt(session("legacy", Operation.AUTH), deps).begin()).as("enrolled anew").isEmpty();
    }

    @Test
    void framesWithoutUsableGeometryEndTheAttemptWithACode() throws Exception {
        AuthenticationFrame good = frame(1, "grace-hopper/frame-01.jpg");
        FaceGeometry geometry = good.getFace();
        Point nowhere = Point.newBuilder().setX(Float.NaN).setY(3).build();
        Point same = geometry.getAlignmentPoints(0);
        FaceGeometry[] broken = {
                FaceGeometry.getDefaultInstance(),                                           // none at all
                geometry.toBuilder().setWidth(1).setHeight(1).build(),                       // a 1x1 face box
                geometry.toBuilder().setAlignmentPoints(2, nowhere).build(),                 // not finite
                geometry.toBuilder().setAlignmentPoints(3, Point.newBuilder().setX(1e6f).setY(1e6f)).build(),   // far outside
                geometry.toBuilder().clearAlignmentPoints().addAllAlignmentPoints(Collections.nCopies(7, same)).build()};  // collapsed
        for (FaceGeometry face : broken) {
            AuthenticationAttempt attempt = new AuthenticationAttempt(session("g" + UUID.randomUUID(), Operation.ENROLL), deps);
            attempt.begin();
            assertThat(attempt.onFrame(good.toBuilder().setFace(face).build()).orElseThrow().getError().getCode())
                    .as(face.toString()).isEqualTo(ErrorCode.SERVER_RECOGNITION_FAILED);
        }
    }

    @Test
    void anUnknownUserCannotAuthenticate() {
        assertThat(new AuthenticationAttempt(session("nobody", Operation.AUTH), deps).begin().orElseThrow()
                .getError().getCode()).isEqualTo(ErrorCode.SERVER_USER_NOT_FOUND);
    }

    @Test
    void undecryptableAndUndecodableFramesEndTheAttempt() throws Exception {
        AuthenticationAttempt tampered = new AuthenticationAttempt(session("t1", Operation.ENROLL), deps);
        tampered.begin();
        EncryptedImage image = frame(1, "grace-hopper/frame-01.jpg").getImage();
        byte[] ciphertext = image.getCiphertext().toByteArray();
        ciphertext[10] ^= 1;
        AuthenticationFrame broken = AuthenticationFrame.newBuilder().setSequence(1)
                .setImage(image.toBuilder().setCiphertext(ByteString.copyFrom(ciphertext))).build();
        assertThat(tampered.onFrame(broken).orElseThrow().getError().getCode()).isEqualTo(ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED);

        AuthenticationAttempt garbage = new AuthenticationAttempt(session("t2", Operation.ENROLL), deps);
        garbage.begin();
        AuthenticationFrame notAnImage = AuthenticationFrame.newBuilder().setSequence(1)
                .setImage(ImageEnvelope.seal("no image".getBytes(), imageKey.getPublic(),
                        FrameBinding.associatedData(SESSION_ID, 1))).build();
        assertThat(garbage.onFrame(notAnImage).orElseThrow().getError().getCode()).isEqualTo(ErrorCode.SERVER_RECOGNITION_FAILED);
    }

    @Test
    void anUnreachableStoreIsServerUnavailable() throws Exception {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        try (ServerSocket socket = new ServerSocket(0)) {
            nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/postgres?connectTimeout=2");
        }
        var unreachable = dependencies(new TemplateStore(nowhere), new LockoutStore(nowhere, 5, Duration.ofMinutes(10)));
        assertThat(new AuthenticationAttempt(session("grace", Operation.AUTH), unreachable).begin().orElseThrow()
                .getError().getCode()).isEqualTo(ErrorCode.SERVER_UNAVAILABLE);
    }

    @Test
    void theStreamRefusesAFrameBeforeBeginAndAnEmptyRequest() throws Exception {
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).addService(new AuthenticationGrpcService(deps)).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        try {
            for (AuthenticationRequest first : new AuthenticationRequest[]{
                    AuthenticationRequest.newBuilder().setFrame(frame(1, "grace-hopper/frame-01.jpg")).build(),
                    AuthenticationRequest.getDefaultInstance()}) {
                LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
                StreamObserver<AuthenticationRequest> requests = AuthenticationGrpc.newStub(channel).authenticate(new StreamObserver<>() {
                    public void onNext(AuthenticationResponse response) { answers.add(response); }
                    public void onError(Throwable t) { answers.add(t); }
                    public void onCompleted() { answers.add("completed"); }
                });
                requests.onNext(first);
                Object answer = answers.poll(10, TimeUnit.SECONDS);
                assertThat(answer).isInstanceOf(AuthenticationResponse.class);
                assertThat(((AuthenticationResponse) answer).getError().getCode()).isEqualTo(ErrorCode.SERVER_MALFORMED_MESSAGE);
                assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("completed");
                requests.onCompleted();
            }
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
        }
    }
}
