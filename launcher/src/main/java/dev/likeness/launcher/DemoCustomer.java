package dev.likeness.launcher;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.likeness.crypto.PemKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The local run's one customer, "demo", and the service keys of the local deployment. All keys
 * are generated on first use into the (git-ignored) keys folder and never leave it.
 */
public final class DemoCustomer {

    public static final String NAME = "demo";
    public static final String IMAGE_KEY_ID = "demo-image-1";
    /** The `aud` of user authorization tokens, the gateway's default likeness.gateway.token-audience. */
    public static final String TOKEN_AUDIENCE = "likeness";

    private static final String PREVIOUS_TEMPLATE_KEYS = "auth-service/previous-template-keys";
    private static final String PREVIOUS_SIGNING_KEYS = "auth-service/previous-signing-keys";
    private final Path keys;

    public DemoCustomer(Path keys) {
        this.keys = keys;
    }

    /** The customer backend's token-signing key (EC P-256): the gateway holds the public half. */
    public Path authorizationPrivateKey() {
        return keys.resolve("demo/user-authorization.private.pem");
    }

    public Path authorizationPublicKey() {
        return keys.resolve("demo/user-authorization.public.pem");
    }

    /** The customer's image-encryption key (RSA 2048): clients encrypt to the public half. */
    public Path imagePrivateKey() {
        return keys.resolve("demo/image-encryption.private.pem");
    }

    public Path imagePublicKey() {
        return keys.resolve("demo/image-encryption.public.pem");
    }

    /** The demo backend's key for jwt-verifier (a random 256-bit secret, base64url); the verifier holds only its hash. */
    public Path verifierCallerKey() {
        return keys.resolve("demo/verifier-caller.key");
    }

    public String loadVerifierCallerKey() throws IOException {
        return Files.readString(verifierCallerKey()).trim();
    }

    /** The hex SHA-256 of {@link #verifierCallerKey()}, as jwt-verifier's likeness.verifier.customers.demo.caller-key-sha256. */
    public String verifierCallerKeyHash() throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(loadVerifierCallerKey().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** auth-service's transaction-JWT signing key, a private JWK. */
    public Path signingKey() {
        return keys.resolve("auth-service/signing.jwk.json");
    }

    /** The local CA and the certificates of gRPC between auth-relay and auth-service. */
    public LocalCertificates tls() {
        return new LocalCertificates(keys);
    }

    /** auth-service's template encryption key, base64 of 32 bytes. */
    public Path templateKey() {
        return keys.resolve("auth-service/template.key");
    }

    /** Template keys replaced by {@link #rotateTemplateKey()}, which auth-service still opens templates with and re-seals from. */
    public List<Path> previousTemplateKeys() throws IOException {
        return filesIn(keys.resolve(PREVIOUS_TEMPLATE_KEYS));
    }

    /** Signing keys replaced by {@link #rotateSigningKey()}: auth-service publishes them until their tokens have expired. */
    public List<Path> previousSigningKeys() throws IOException {
        return filesIn(keys.resolve(PREVIOUS_SIGNING_KEYS));
    }

    /**
     * Replaces the template key with a fresh one, keeping the old one among the
     * {@link #previousTemplateKeys()} (named by when it was replaced); returns where it went.
     */
    public Path rotateTemplateKey() throws IOException {
        Path previous = retire(templateKey(), PREVIOUS_TEMPLATE_KEYS, "template", ".key");
        writeTemplateKey();
        return previous;
    }

    /**
     * Replaces the signing key with a fresh one (a new {@code kid}), keeping the old one among the
     * {@link #previousSigningKeys()}; previous keys replaced longer than {@code tokenLifetime} ago
     * are deleted, since no token they signed can still be valid. Returns the new key's id.
     */
    public String rotateSigningKey(Duration tokenLifetime) throws IOException, JOSEException {
        Instant horizon = Instant.now().minus(tokenLifetime);
        for (Path old : previousSigningKeys()) {
            if (Files.getLastModifiedTime(old).toInstant().isBefore(horizon)) {
                Files.delete(old);
            }
        }
        Path previous = retire(signingKey(), PREVIOUS_SIGNING_KEYS, "signing", ".jwk.json");
        Files.setLastModifiedTime(previous, FileTime.from(Instant.now()));
        return writeSigningKey();
    }

    /** Moves {@code key} into {@code folder}, named by when it was replaced. */
    private Path retire(Path key, String folder, String prefix, String suffix) throws IOException {
        Path previous = keys.resolve(folder).resolve(prefix + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC)
                        .format(Instant.now()) + suffix);
        Files.createDirectories(previous.getParent());
        Files.move(key, previous);
        return previous;
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private String writeSigningKey() throws IOException, JOSEException {
        ECKey jwk = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        writeSecret(signingKey(), jwk.toJSONString());
        return jwk.getKeyID();
    }

    private void writeTemplateKey() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        writeSecret(templateKey(), Base64.getEncoder().encodeToString(key));
    }

    public PrivateKey loadAuthorizationPrivateKey() throws IOException {
        return PemKeys.readPrivateKey(authorizationPrivateKey());
    }

    public PublicKey loadImagePublicKey() throws IOException {
        return PemKeys.readPublicKey(imagePublicKey());
    }

    /** Creates whatever key is missing; existing keys are kept, so enrollments stay valid across runs. */
    public void ensureKeys() throws IOException, GeneralSecurityException, JOSEException, InterruptedException {
        tls().ensure();
        if (!Files.exists(authorizationPrivateKey())) {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(256);
            write(ec.generateKeyPair(), authorizationPrivateKey(), authorizationPublicKey());
        }
        if (!Files.exists(imagePrivateKey())) {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            write(rsa.generateKeyPair(), imagePrivateKey(), imagePublicKey());
        }
        if (!Files.exists(signingKey())) {
            writeSigningKey();
        }
        if (!Files.exists(templateKey())) {
            writeTemplateKey();
        }
        if (!Files.exists(verifierCallerKey())) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            writeSecret(verifierCallerKey(), Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        }
    }

    private static void write(KeyPair pair, Path privateFile, Path publicFile) throws IOException {
        PemKeys.writePrivateKey(pair.getPrivate(), privateFile);
        PemKeys.writePublicKey(pair.getPublic(), publicFile);
    }

    private static void writeSecret(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }
}
