package dev.likeness.auth;

import dev.likeness.auth.admin.ImageKeyStates;
import dev.likeness.crypto.TlsMaterial;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Configuration of the authentication service, under {@code likeness.auth}. */
@ConfigMapping(prefix = "likeness.auth")
public interface AuthConfig {

    /** Port of the gRPC Authentication service that auth-relay streams to. */
    @WithDefault("9090")
    int grpcPort();

    /** The transaction JWT's `iss`. */
    @WithDefault("likeness")
    String issuer();

    /** How long a transaction JWT is valid. */
    @WithDefault("5m")
    Duration tokenLifetime();

    /** The signing key as a private JWK (EC P-256 or RSA, with `kid`) in a JSON file. Required: no key, no start. */
    Path signingKeyFile();

    /**
     * JWK files of the keys that signed before the last rotation (a private or public JWK, only
     * its public half is used): published in the JWKS beside the current one so tokens they
     * signed verify until they expire (token-lifetime); remove them after that.
     */
    Optional<List<Path>> previousSigningKeyFiles();

    /** A file holding the base64 of the 32-byte AES key templates are encrypted with at rest. Required. */
    Path templateKeyFile();

    /**
     * Files of template keys used before the last rotation. Templates they sealed still open;
     * at start, every such template is re-sealed with {@link #templateKeyFile()} in the background
     * (likeness_auth_template_reseal_running, likeness_auth_templates_resealed_total{outcome}).
     * Remove them once a run reports no template unreadable.
     */
    Optional<List<Path>> previousTemplateKeyFiles();

    /**
     * For browser tests whose fake camera plays a recording: every session's challenge, as
     * ChallengeMove names (turn_left, look_up, ...). Honoured only under the Quarkus profile
     * liveness-recording; set under any other it stops the start, since a recording passes it.
     */
    Optional<List<String>> fixedChallenge();

    /** Frames with a usable face needed to enroll. */
    @WithDefault("5")
    int enrollmentFrames();

    /** Frames with a usable face needed to authenticate. */
    @WithDefault("3")
    int authenticationFrames();

    /**
     * Largest descriptor distance (Euclidean, median over the authentication frames) that still
     * counts as the enrolled person. The default is the model's published operating point (dlib:
     * 0.6); lower is stricter. Calibrate on your own population with {@code ./likeness evaluate}.
     */
    @WithDefault("0.6")
    double matchThreshold();

    /**
     * Descriptors of a bundled portrait computed at start-up, before the service reports ready,
     * so the JIT has compiled the descriptor path when users arrive; 0 skips it.
     */
    @WithDefault("20")
    int warmUpDescriptors();

    /** Where templates live. */
    Database database();

    /**
     * Mutual TLS on the gRPC port: this service's certificate, and the CA client certificates
     * (auth-relay's) must chain to; a client without one is refused. Required unless {@link #grpcPlaintext()}.
     */
    Optional<GrpcTls> grpcTls();

    /** Plaintext gRPC: only inside a network nobody else reaches. False refuses to start without TLS. */
    @WithDefault("false")
    boolean grpcPlaintext();

    interface GrpcTls extends TlsMaterial.Files {
        /**
         * The DNS names (in the client certificate's subject alternative names) allowed to open
         * streams: auth-relay's. Another certificate of the same CA is refused (PERMISSION_DENIED).
         */
        @WithDefault("auth-relay")
        Set<String> allowedClients();
    }

    /** How long admin audit records are kept; older ones are deleted hourly. */
    @WithDefault("400d")
    Duration auditRetention();

    /** Locking a user out after repeated failed authentications. */
    Lockout lockout();

    interface Lockout {
        /** Authentications that did not succeed after which each further one waits a back-off. */
        @WithDefault("5")
        int maxFailures();

        /** The first back-off after the latest attempt; it doubles with each further max-failures. */
        @WithDefault("600s")
        Duration window();

        /** Attempts that did not succeed within {@link #hardLockPeriod()} after which the user is locked until unlocked. */
        @WithDefault("20")
        int hardLockFailures();

        /** How far back the hard lock counts. */
        @WithDefault("24h")
        Duration hardLockPeriod();
    }

    /** The image-encryption private keys, by key id. */
    Map<String, ImageKey> imageKeys();

    /** The customers, by name: what their admin calls are signed with. */
    Map<String, Customer> customers();

    interface Customer {
        /**
         * PEM public keys (SPKI, RSA or EC) the customer's backend signs admin tokens with
         * (audience likeness-admin). None: the customer has no admin API.
         */
        Optional<List<Path>> adminKeys();

        /**
         * PEM public keys (SPKI, RSA or EC) the customer's backend signs user authorization
         * tokens with: the same files as the gateway's. Each session's token is verified again
         * here before anything is enrolled or signed; a customer without them has every session
         * refused (SERVER_FORBIDDEN).
         */
        Optional<List<Path>> authorizationKeys();

        /**
         * What liveness (liveness/) requires of the customer's sessions: {@code challenge} (the
         * default: the user is asked for two random head moves, and only a session that made them
         * in time, live, in 3D and as one person passes), {@code passive} (no instruction; a session
         * whose frames show an attack, a frozen feed or a flat picture turned, ends with
         * SERVER_LIVENESS_FAILED, one that shows nothing either way is reported unverified), or
         * {@code off} (measured and reported in the JWT's {@code liveness} claim, never refused).
         */
        @WithDefault("challenge")
        String liveness();
    }

    /** Checking a session's user authorization token again, as the gateway checked it at Start. */
    UserTokens userTokens();

    interface UserTokens {
        /** The `aud` a user authorization token must carry (the gateway's likeness.gateway.token-audience). */
        @WithDefault("likeness")
        String audience();

        /** Longest lifetime (exp - iat) accepted (the gateway's token-max-lifetime). */
        @WithDefault("10m")
        Duration maxLifetime();

        /** Clock skew tolerated on iat/exp (the gateway's token-clock-skew). */
        @WithDefault("30s")
        Duration clockSkew();

        /**
         * How long after its expiry a session's token still counts here: the gateway checked it
         * when the session started, and the session can last until the gateway's session-timeout
         * (60 s by default), plus a relay reconnecting. Longer than that only widens the window
         * in which a context forged with an old token of the same user would be taken.
         */
        @WithDefault("2m")
        Duration lateUse();
    }

    interface Database {
        /** JDBC URL of a PostgreSQL database. Unset: an embedded PostgreSQL is started (local runs and tests). */
        Optional<String> url();

        Optional<String> username();

        Optional<String> password();

        /**
         * Most connections the pool opens. A session holds one only for a lookup or an insert, so
         * a few serve many sessions; more only add PostgreSQL processes.
         */
        @WithDefault("4")
        int poolSize();

        /** Data folder of the embedded PostgreSQL; kept between runs so enrollments persist. */
        @WithDefault(".likeness/postgres")
        Path embeddedDirectory();

        /** Port of the embedded PostgreSQL (loopback only); 0 picks a free one. */
        @WithDefault("0")
        int embeddedPort();
    }

    /**
     * {@code .customer}, {@code .private-key-file}, {@code .retired} of one key id (see
     * ImageKeyRing.KeyFile), and {@code .current}: the id its customer's clients should use now
     * (required when the customer has several keys in use; listed by the admin API).
     */
    interface ImageKey extends ImageKeyStates.Marked {
        @Override
        @WithDefault("false")
        boolean retired();

        @Override
        @WithDefault("false")
        boolean current();
    }
}
