package dev.likeness.auth.grpc;

import dev.likeness.auth.store.TemplateSealer;
import dev.likeness.auth.store.TemplateStore;
import dev.likeness.auth.template.FaceTemplate;
import dev.likeness.auth.template.FaceTemplateExtractor;
import dev.likeness.auth.token.TransactionTokenSigner;
import dev.likeness.crypto.ImageDecryptionException;
import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.proto.v1.AuthenticationFrame;
import dev.likeness.proto.v1.AuthenticationResponse;
import dev.likeness.proto.v1.Error;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Finished;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.Progress;
import dev.likeness.proto.v1.SessionContext;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.UndecodableImageException;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One session's enrollment or authentication: collects templates from accepted frames until it
 * has enough, then decides once. Every answer is an AuthenticationResponse; after a terminal one
 * the attempt ignores further frames.
 */
final class AuthenticationAttempt {

    private static final Logger LOG = Logger.getLogger(AuthenticationAttempt.class);

    /** What an attempt needs from the service; shared by all attempts. */
    record Dependencies(ImageKeyRing keys, FaceTemplateExtractor extractor, TemplateStore store,
                        TemplateSealer sealer, TransactionTokenSigner signer, int enrollmentFrames,
                        int authenticationFrames, AuthenticationMetrics metrics) {
    }

    private final SessionContext session;
    private final Dependencies deps;
    private final Set<Long> seenSequences = new HashSet<>();
    private final List<FaceTemplate> templates = new ArrayList<>();
    private FaceTemplate enrolled;
    private boolean decided;

    AuthenticationAttempt(SessionContext session, Dependencies deps) {
        this.session = session;
        this.deps = deps;
    }

    /** Checks the user's enrollment state; a terminal error when the operation cannot proceed. */
    Optional<AuthenticationResponse> begin() {
        try {
            Optional<byte[]> stored = deps.store().find(session.getCustomer(), session.getUsername());
            if (session.getOperation() == Operation.ENROLL && stored.isPresent()) {
                return Optional.of(fail(ErrorCode.SERVER_USER_ALREADY_ENROLLED, "this user is enrolled already"));
            }
            if (session.getOperation() == Operation.AUTH) {
                if (stored.isEmpty()) {
                    return Optional.of(fail(ErrorCode.SERVER_USER_NOT_FOUND, "this user is not enrolled"));
                }
                enrolled = deps.sealer().open(session.getCustomer(), session.getUsername(), stored.get());
            }
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
        Optional<FaceTemplate> template;
        var timing = io.micrometer.core.instrument.Timer.start();
        try {
            byte[] jpeg = deps.keys().open(session.getCustomer(), session.getKeyId(), frame.getImage());
            try (FrameImage image = FrameImage.decode(jpeg)) {
                template = deps.extractor().extract(image);
            }
        } catch (ImageDecryptionException e) {
            return Optional.of(fail(ErrorCode.SERVER_IMAGE_ENCRYPT_FAILED, "frame could not be decrypted"));
        } catch (UndecodableImageException e) {
            return Optional.of(fail(ErrorCode.SERVER_RECOGNITION_FAILED, "frame is not a decodable image"));
        } finally {
            timing.stop(deps.metrics().frameTime());
        }
        // quality-service found a face, but a frame on which this model finds none is simply not used.
        template.ifPresent(templates::add);
        int needed = session.getOperation() == Operation.ENROLL ? deps.enrollmentFrames() : deps.authenticationFrames();
        if (templates.size() < needed) {
            return Optional.of(AuthenticationResponse.newBuilder().setProgress(Progress.newBuilder()
                    .setSequence(frame.getSequence()).setFramesUsed(templates.size()).setFramesNeeded(needed)).build());
        }
        return Optional.of(session.getOperation() == Operation.ENROLL ? enroll() : authenticate());
    }

    private AuthenticationResponse enroll() {
        FaceTemplate template = FaceTemplate.mean(templates);
        try {
            if (!deps.store().enroll(session.getCustomer(), session.getUsername(),
                    deps.sealer().seal(session.getCustomer(), session.getUsername(), template))) {
                return fail(ErrorCode.SERVER_USER_ALREADY_ENROLLED, "this user is enrolled already");
            }
        } catch (SQLException e) {
            LOG.errorf("session %s: enrollment not stored: %s", session.getSessionId(), e.getMessage());
            return fail(ErrorCode.SERVER_UNAVAILABLE, "template store unavailable");
        }
        deps.metrics().enrolled();
        return succeed();
    }

    private AuthenticationResponse authenticate() {
        double distance = templates.stream().mapToDouble(t -> deps.extractor().distance(enrolled, t)).average().orElseThrow();
        boolean match = distance < deps.extractor().sameFaceThreshold();
        deps.metrics().authenticated(match, distance);
        return match ? succeed() : fail(ErrorCode.SERVER_FACE_DOES_NOT_MATCH, "the face does not match the enrolled one");
    }

    private AuthenticationResponse succeed() {
        decided = true;
        String jwt = deps.signer().sign(new TransactionTokenSigner.Transaction(session.getCustomer(), session.getUsername(),
                session.getOperation().name().toLowerCase(), session.getTransactionData(), session.getSessionId()));
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
