package dev.likeness.auth.grpc;

import dev.likeness.auth.store.LockoutStore;
import dev.likeness.auth.store.TemplateSealer;
import dev.likeness.auth.store.TemplateStore;
import dev.likeness.auth.template.AlignedFaceDescriber;
import dev.likeness.auth.template.FaceMatcher;
import dev.likeness.auth.template.FaceTemplate;
import dev.likeness.auth.token.LivenessClaim;
import dev.likeness.auth.token.TransactionTokenSigner;
import dev.likeness.crypto.FrameBinding;
import dev.likeness.crypto.ImageDecryptionException;
import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.crypto.UserAuthorization;
import dev.likeness.liveness.Challenge;
import dev.likeness.liveness.ChallengeRun;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.v1.AuthenticationFrame;
import dev.likeness.proto.v1.AuthenticationResponse;
import dev.likeness.proto.v1.Error;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Finished;
import dev.likeness.proto.v1.LivenessMeasures;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.Progress;
import dev.likeness.proto.v1.SessionContext;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.UndecodableImageException;
import io.micrometer.core.instrument.Timer;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One session's enrollment or authentication: collects descriptors from accepted frames until it
 * has enough, then decides once. Every answer is an AuthenticationResponse; after a terminal one
 * the attempt ignores further frames.
 */
final class AuthenticationAttempt {

    private static final Logger LOG = Logger.getLogger(AuthenticationAttempt.class);

    /** What an attempt needs from the service; shared by all attempts. */
    record Dependencies(SessionAuthorization authorization, ImageKeyRing keys, AlignedFaceDescriber describer, FaceMatcher matcher,
                        TemplateStore store, LockoutStore lockout, TemplateSealer sealer, TransactionTokenSigner signer,
                        LivenessPolicies liveness, ChallengeDraws challenges, int enrollmentFrames, int authenticationFrames,
                        AuthenticationMetrics metrics) {
    }

    private final SessionContext session;
    private final Dependencies deps;
    private final Set<Long> seenSequences = new HashSet<>();
    // Frontal faces: what builds or matches the template.
    private final List<FaceTemplate.Descriptor> descriptors = new ArrayList<>();
    // Every face of the session, turned ones too: one person must have made them all.
    private final List<float[]> sessionFaces = new ArrayList<>();
    private final SessionLiveness liveness = new SessionLiveness();
    private final SessionLiveness.Policy livenessPolicy;
    private final Optional<Challenge> challenge;
    private ChallengeRun challengeRun;
    private FaceTemplate enrolled;
    // An enrollment replaces a template of an earlier model: the stored bytes it found, for a compare-and-set.
    private byte[] outdated;
    private boolean decided;

    AuthenticationAttempt(SessionContext session, Dependencies deps) {
        this.session = session;
        this.deps = deps;
        this.livenessPolicy = deps.liveness().of(session.getCustomer());
        this.challenge = livenessPolicy == SessionLiveness.Policy.CHALLENGE
                ? Optional.of(deps.challenges().next()) : Optional.empty();
    }

    /** The session's challenge, for the client, when its customer's policy asks for one; drawn once per attempt. */
    Optional<AuthenticationResponse> challenge() {
        return challenge.map(drawn -> AuthenticationResponse.newBuilder().setChallenge(
                ChallengeMessages.of(drawn.moves().stream().map(Enum::name).toList(), drawn.timeLimitMillis())).build());
    }

    /** Checks the session's authorization and the user's enrollment state; a terminal error when the operation cannot proceed. */
    Optional<AuthenticationResponse> begin() {
        try {
            deps.authorization().check(session);
        } catch (UserAuthorization.RefusedException e) {
            LOG.warnf("session %s: refused, its user authorization does not hold (%s)", session.getSessionId(), e.refusal());
            return Optional.of(fail(ErrorCode.SERVER_FORBIDDEN, "the session's user authorization does not hold"));
        }
        try {
            Optional<byte[]> stored = deps.store().find(session.getCustomer(), session.getUsername());
            if (stored.isEmpty()) {
                return session.getOperation() == Operation.AUTH
                        ? Optional.of(fail(ErrorCode.SERVER_USER_NOT_FOUND, "this user is not enrolled"))
                        : Optional.empty();
            }
            FaceTemplate template = deps.sealer().open(session.getCustomer(), session.getUsername(), stored.get());
            boolean current = template.madeBy(FaceDescriber.MODEL_ID, FaceDescriber.MODEL_VERSION);
            if (session.getOperation() == Operation.ENROLL) {
                if (current) {
                    return Optional.of(fail(ErrorCode.SERVER_USER_ALREADY_ENROLLED, "this user is enrolled already"));
                }
                outdated = stored.get();
                return Optional.empty();
            }
            if (!current) {
                return Optional.of(fail(ErrorCode.SERVER_TEMPLATE_OUTDATED,
                        "this user's template was made by an earlier face model: enroll again"));
            }
            // Counted from here, under a lock on the user: parallel sessions get no more guesses than sequential ones.
            LockoutStore.State lock = deps.lockout().beginning(session.getCustomer(), session.getUsername(), session.getSessionId());
            if (lock != LockoutStore.State.OPEN) {
                deps.metrics().lockedOut(session.getCustomer(), lock);
                return Optional.of(fail(ErrorCode.SERVER_USER_LOCKED_OUT, lock == LockoutStore.State.HARD_LOCKED
                        ? "too many failed authentications: locked until the service provider unlocks this user"
                        : "too many failed authentications: try again later"));
            }
            enrolled = template;
            return Optional.empty();
        } catch (SQLException e) {
            LOG.errorf("session %s: template store unavailable: %s", session.getSessionId(), e.getMessage());
            return Optional.of(fail(ErrorCode.SERVER_UNAVAILABLE, "template store unavailable"));
        }
    }

    /** Uses one accepted frame; empty when the frame was a duplicate or arrived after the decision. */
    Optional<AuthenticationResponse> onFrame(AuthenticationFrame frame) {
        if (decided || !seenSequences.add(frame.getSequence())) {
            return Optional.empty();
        }
        FaceTemplate.Descriptor descriptor;
        var timing = Timer.start();
        long engineBegan = deps.metrics().engineCpu().begin();
        try {
            byte[] jpeg = deps.keys().open(session.getCustomer(), session.getKeyId(), frame.getImage(),
                    FrameBinding.associatedData(session.getSessionId(), frame.getSequence()));
            try (FrameImage image = FrameImage.decode(jpeg)) {
                descriptor = deps.describer().describe(image, frame.getFace());
            }
            deps.metrics().engineCpu().end(engineBegan);
        } catch (ImageDecryptionException e) {
            return Optional.of(fail(ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED, "frame could not be decrypted"));
        } catch (UndecodableImageException e) {
            return Optional.of(fail(ErrorCode.SERVER_RECOGNITION_FAILED, "frame is not a decodable image"));
        } catch (AlignedFaceDescriber.UnusableFaceException e) {
            LOG.infof("session %s: frame %d unusable: %s", session.getSessionId(), frame.getSequence(), e.getMessage());
            return Optional.of(fail(ErrorCode.SERVER_RECOGNITION_FAILED, "the face in a frame could not be described"));
        } finally {
            timing.stop(deps.metrics().frameTime());
        }
        LivenessObservations.of(frame).ifPresent(liveness::add);
        int needed = session.getOperation() == Operation.ENROLL ? deps.enrollmentFrames() : deps.authenticationFrames();
        if (challenge.isPresent()) {
            return challenged(frame, descriptor, needed);
        }
        descriptors.add(descriptor);
        if (livenessPolicy != SessionLiveness.Policy.OFF) {
            // Liveness reads a second of the session: a frozen feed shows only over its window.
            needed = Math.max(needed, SessionLiveness.FRAMES_NEEDED);
        }
        if (descriptors.size() < needed) {
            return Optional.of(progress(frame, needed));
        }
        SessionLiveness.Evidence evidence = liveness.evidence();
        deps.metrics().liveness(session.getCustomer(), livenessPolicy, evidence);
        if (livenessPolicy == SessionLiveness.Policy.PASSIVE && evidence.result() == SessionLiveness.Result.FAIL) {
            return Optional.of(refuseLiveness(evidence));
        }
        return Optional.of(decide(LivenessClaim.of(livenessPolicy, evidence)));
    }

    /**
     * A frame under a challenge: its pose goes to the challenge's judge, its face to the same-person
     * check, and, when frontal, to the template. The attempt decides once the moves are made and
     * enough frontal faces and a second of frames have come, or as soon as the challenge fails.
     */
    private Optional<AuthenticationResponse> challenged(AuthenticationFrame frame, FaceTemplate.Descriptor descriptor, int needed) {
        if (challengeRun == null) {
            // The challenge went out when the session's first accepted frame reached the service: its clock starts there.
            challengeRun = new ChallengeRun(challenge.orElseThrow(), frame.getReceivedAtMs());
        }
        sessionFaces.add(descriptor.values());
        LivenessMeasures pose = frame.getFace().getLiveness();
        boolean posed = frame.getFace().hasLiveness();
        if (posed) {
            challengeRun.add(frame.getReceivedAtMs(), pose.getYaw(), pose.getPitch());
        }
        if (posed && challengeRun.frontal(pose.getYaw(), pose.getPitch())) {
            descriptors.add(descriptor);
        }
        ChallengeRun.Outcome outcome = challengeRun.outcome();
        boolean ready = outcome == ChallengeRun.Outcome.DONE && descriptors.size() >= needed
                && sessionFaces.size() >= SessionLiveness.FRAMES_NEEDED;
        // A frozen feed fails whatever else comes: no need to wait for the challenge's time limit.
        boolean frozen = liveness.frozen();
        if (!frozen && (outcome == ChallengeRun.Outcome.IN_PROGRESS || outcome == ChallengeRun.Outcome.DONE && !ready)) {
            return Optional.of(progress(frame, needed));
        }
        SessionLiveness.Evidence evidence = liveness.challenged(challengeRun, samePerson());
        deps.metrics().liveness(session.getCustomer(), livenessPolicy, evidence);
        if (outcome == ChallengeRun.Outcome.DONE) {
            deps.metrics().challengeCompleted(challengeRun.report().millis());
        }
        if (evidence.result() == SessionLiveness.Result.FAIL) {
            return Optional.of(refuseLiveness(evidence));
        }
        return Optional.of(decide(LivenessClaim.of(livenessPolicy, evidence)));
    }

    /** Whether every face of the session is the frontal faces' person, as a match against the enrolled template would judge. */
    private boolean samePerson() {
        if (descriptors.isEmpty()) {
            return false;
        }
        FaceTemplate frontal = new FaceTemplate(FaceDescriber.MODEL_ID, FaceDescriber.MODEL_VERSION, descriptors);
        return sessionFaces.stream().allMatch(face -> deps.matcher().sameFace(deps.matcher().distance(frontal, List.of(face))));
    }

    private AuthenticationResponse progress(AuthenticationFrame frame, int needed) {
        Progress.Builder progress = Progress.newBuilder().setSequence(frame.getSequence()).setFramesUsed(descriptors.size())
                .setFramesNeeded(needed);
        if (challengeRun != null) {
            progress.setChallengeMovesDone(challengeRun.movesDone());
        }
        return AuthenticationResponse.newBuilder().setProgress(progress).build();
    }

    private AuthenticationResponse decide(Map<String, Object> claim) {
        return session.getOperation() == Operation.ENROLL ? enroll(claim) : authenticate(claim);
    }

    /** A presentation attack: nothing is enrolled, and an authentication counts as a failed one towards the lockout. */
    private AuthenticationResponse refuseLiveness(SessionLiveness.Evidence evidence) {
        String check = evidence.failedCheck().orElseThrow();
        LOG.infof("session %s: liveness failed (%s)", session.getSessionId(), check);
        if (session.getOperation() == Operation.AUTH) {
            try {
                deps.lockout().failed(session.getCustomer(), session.getUsername(), session.getSessionId());
            } catch (SQLException e) {
                LOG.errorf("session %s: lockout state not updated: %s", session.getSessionId(), e.getMessage());
                return fail(ErrorCode.SERVER_UNAVAILABLE, "lockout store unavailable");
            }
        }
        return fail(ErrorCode.SERVER_LIVENESS_FAILED, "liveness check failed: " + check + LivenessClaim.explained(evidence));
    }

    private AuthenticationResponse enroll(Map<String, Object> liveness) {
        FaceTemplate template = new FaceTemplate(FaceDescriber.MODEL_ID, FaceDescriber.MODEL_VERSION, descriptors);
        byte[] sealed = deps.sealer().seal(session.getCustomer(), session.getUsername(), template);
        try {
            boolean stored = outdated == null
                    ? deps.store().enroll(session.getCustomer(), session.getUsername(), sealed)
                    : deps.store().replace(session.getCustomer(), session.getUsername(), outdated, sealed);
            if (!stored) {
                return fail(ErrorCode.SERVER_USER_ALREADY_ENROLLED, "this user is enrolled already");
            }
        } catch (SQLException e) {
            LOG.errorf("session %s: enrollment not stored: %s", session.getSessionId(), e.getMessage());
            return fail(ErrorCode.SERVER_UNAVAILABLE, "template store unavailable");
        }
        deps.metrics().enrolled(session.getCustomer());
        return succeed(liveness);
    }

    private AuthenticationResponse authenticate(Map<String, Object> liveness) {
        double distance = deps.matcher().distance(enrolled, descriptors.stream().map(FaceTemplate.Descriptor::values).toList());
        boolean match = deps.matcher().sameFace(distance);
        deps.metrics().authenticated(session.getCustomer(), match, distance);
        try {
            // Counted before the answer goes out: a failure that cannot be recorded is not answered (fail closed).
            if (match) {
                // Re-checked at the decision: a user erased while the attempt ran gets no JWT.
                if (deps.store().find(session.getCustomer(), session.getUsername()).isEmpty()) {
                    return fail(ErrorCode.SERVER_USER_NOT_FOUND, "this user was erased during the attempt");
                }
                deps.lockout().succeeded(session.getCustomer(), session.getUsername());
            } else {
                deps.lockout().failed(session.getCustomer(), session.getUsername(), session.getSessionId());
            }
        } catch (SQLException e) {
            LOG.errorf("session %s: lockout state not updated: %s", session.getSessionId(), e.getMessage());
            return fail(ErrorCode.SERVER_UNAVAILABLE, "lockout store unavailable");
        }
        return match ? succeed(liveness) : fail(ErrorCode.SERVER_FACE_DOES_NOT_MATCH, "the face does not match the enrolled one");
    }

    private AuthenticationResponse succeed(Map<String, Object> liveness) {
        decided = true;
        String jwt = deps.signer().sign(new TransactionTokenSigner.Transaction(session.getCustomer(), session.getUsername(),
                session.getOperation().name().toLowerCase(Locale.ROOT), session.getTransactionData(), session.getSessionId(),
                session.getAuthorizationId(), liveness));
        return AuthenticationResponse.newBuilder().setFinished(Finished.newBuilder()
                .setCustomer(session.getCustomer()).setUsername(session.getUsername())
                .setOperation(session.getOperation()).setTransactionJwt(jwt)).build();
    }

    private AuthenticationResponse fail(ErrorCode code, String message) {
        decided = true;
        deps.metrics().failed(code);
        return AuthenticationResponse.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build();
    }
}
