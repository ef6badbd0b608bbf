package dev.likeness.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import dev.likeness.auth.admin.AdminTokenVerifier;
import dev.likeness.auth.admin.ImageKeyStates;
import dev.likeness.auth.grpc.SessionAuthorization;
import dev.likeness.auth.store.AuditRetention;
import dev.likeness.auth.store.AuthDatabase;
import dev.likeness.auth.store.AuthSchema;
import dev.likeness.auth.store.LockoutStore;
import dev.likeness.auth.store.TemplateSealer;
import dev.likeness.auth.store.TemplateStore;
import dev.likeness.auth.store.UserAdministration;
import dev.likeness.auth.template.AlignedFaceDescriber;
import dev.likeness.auth.template.FaceMatcher;
import dev.likeness.auth.token.TransactionTokenSigner;
import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.crypto.PemKeys;
import dev.likeness.crypto.UserAuthorization;
import dev.likeness.database.PostgresUsedTokens;
import dev.likeness.vision.FaceAligner;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.MatScope;
import dev.likeness.vision.UndecodableImageException;
import dev.likeness.vision.WarmUpPortrait;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds the service's parts from configuration, eagerly ({@code @Startup}): a missing key or an
 * unreachable database stops start-up instead of failing a user's session later, and the embedded
 * database is initialised before the service reports ready. Everything stored lives in one
 * {@link AuthDatabase}, a bean of its own that the stores depend on.
 */
@ApplicationScoped
public class AuthBeans {

    private static final Logger LOG = Logger.getLogger(AuthBeans.class);

    @Produces
    @Startup
    @ApplicationScoped
    ImageKeyRing imageKeys(AuthConfig config) throws IOException {
        return ImageKeyRing.load(config.imageKeys());
    }

    /** Which image key each customer's clients should use; unclear marks stop the start. */
    @Produces
    @Startup
    @ApplicationScoped
    ImageKeyStates imageKeyStates(AuthConfig config, ImageKeyRing ring) {
        return ImageKeyStates.of(config.imageKeys(), ring);
    }

    @Produces
    @Startup
    @ApplicationScoped
    AlignedFaceDescriber describer(AuthConfig config) {
        FaceDescriber describer = new FaceDescriber();
        warmUp(describer, config.warmUpDescriptors());
        return new AlignedFaceDescriber(describer);
    }

    private static void warmUp(FaceDescriber describer, int descriptors) {
        if (descriptors <= 0) {
            return;
        }
        long started = System.nanoTime();
        // The alignment points quality-service would send with the frame; the finder's models are freed after.
        try (FrameImage portrait = FrameImage.decode(WarmUpPortrait.jpeg()); FaceFinder finder = FaceFinder.withModels()) {
            FaceLandmarks landmarks = finder.find(portrait).landmarks()
                    .orElseThrow(() -> new IllegalStateException("no face found in the bundled warm-up portrait"));
            for (int i = 0; i < descriptors; i++) {
                try (MatScope scope = new MatScope()) {
                    describer.describe(scope.hold(FaceAligner.chip(portrait, FaceAligner.alignmentPoints(landmarks)).orElseThrow()));
                }
            }
        } catch (UndecodableImageException e) {
            throw new IllegalStateException("the bundled warm-up portrait does not decode", e);
        }
        LOG.infof("warmed the descriptor on %d faces in %d ms", descriptors, (System.nanoTime() - started) / 1_000_000);
    }

    @Produces
    @ApplicationScoped
    FaceMatcher matcher(AuthConfig config) {
        return new FaceMatcher(config.matchThreshold());
    }

    @Produces
    @Startup
    @ApplicationScoped
    TransactionTokenSigner signer(AuthConfig config) throws IOException, ParseException, JOSEException {
        JWK key = JWK.parse(Files.readString(config.signingKeyFile()));
        List<JWK> previous = new ArrayList<>();
        for (Path file : config.previousSigningKeyFiles().orElse(List.of())) {
            previous.add(JWK.parse(Files.readString(file)));
        }
        return new TransactionTokenSigner(key, previous, config.issuer(), config.tokenLifetime(), Clock.systemUTC());
    }

    @Produces
    @Startup
    @ApplicationScoped
    TemplateSealer sealer(AuthConfig config) throws IOException {
        List<SecretKey> previous = new ArrayList<>();
        for (Path file : config.previousTemplateKeyFiles().orElse(List.of())) {
            previous.add(templateKey(file));
        }
        return new TemplateSealer(templateKey(config.templateKeyFile()), previous);
    }

    private static SecretKey templateKey(Path file) throws IOException {
        byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
        if (key.length != 32) {
            throw new IllegalStateException("a template key must be 32 bytes (AES-256): " + file);
        }
        return new SecretKeySpec(key, "AES");
    }

    /** The database, opened and migrated before anything that uses it; closed with the service. */
    @Produces
    @Startup
    @Singleton
    AuthDatabase database(AuthConfig config) throws IOException {
        return AuthDatabase.open(config.database());
    }

    void closeDatabase(@Disposes AuthDatabase database) throws IOException {
        database.close();
    }

    @Produces
    @Startup
    @ApplicationScoped
    TemplateStore store(AuthDatabase database) {
        return new TemplateStore(database.pool());
    }

    /** Erasing and unlocking users, audited, in the same database. */
    @Produces
    @ApplicationScoped
    UserAdministration administration(AuthDatabase database) {
        return new UserAdministration(database.pool());
    }

    /**
     * The customers' admin keys, read at start: a key that does not load stops the service. Used
     * admin tokens are remembered in the database.
     */
    @Produces
    @ApplicationScoped
    AdminTokenVerifier adminTokens(AuthConfig config, AuthDatabase database) {
        return new AdminTokenVerifier(PemKeys.readPublicKeysByOwner(keyFiles(config, AuthConfig.Customer::adminKeys), "admin key"),
                new PostgresUsedTokens(database.pool(), AuthSchema.NAME, Clock.systemUTC()), Clock.systemUTC());
    }

    /** The admin audit's retention, run at start and hourly. */
    @Produces
    @Startup
    @Singleton
    AuditRetention auditRetention(AuthConfig config, UserAdministration users) {
        return new AuditRetention(users, config.auditRetention()).start(Duration.ofHours(1));
    }

    void stopAuditRetention(@Disposes AuditRetention retention) {
        retention.close();
    }

    /** The customers' user-token keys, read at start (a key that does not load stops the service). */
    @Produces
    @Startup
    @ApplicationScoped
    SessionAuthorization sessionAuthorization(AuthConfig config) {
        AuthConfig.UserTokens tokens = config.userTokens();
        var keys = PemKeys.readPublicKeysByOwner(keyFiles(config, AuthConfig.Customer::authorizationKeys), "authorization key");
        return new SessionAuthorization(new UserAuthorization(keys,
                tokens.audience(), tokens.maxLifetime(), tokens.clockSkew(), Clock.systemUTC()), tokens.lateUse());
    }

    /** The lockout state, in the same database. */
    @Produces
    @ApplicationScoped
    LockoutStore lockout(AuthConfig config, AuthDatabase database) {
        AuthConfig.Lockout policy = config.lockout();
        return new LockoutStore(database.pool(), policy.maxFailures(), policy.window(), policy.hardLockFailures(), policy.hardLockPeriod());
    }

    /** Each customer's key files of one kind; a customer without any is left out (and refused). */
    private static Map<String, List<Path>> keyFiles(AuthConfig config, Function<AuthConfig.Customer, Optional<List<Path>>> kind) {
        Map<String, List<Path>> files = new HashMap<>();
        config.customers().forEach((customer, settings) -> kind.apply(settings).ifPresent(paths -> files.put(customer, paths)));
        return files;
    }
}
