package dev.likeness.auth.store;

import dev.likeness.auth.template.FaceTemplate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts templates at rest with AES-256-GCM. The customer and username are the associated
 * data, so a template row copied onto another user fails to open instead of matching their face.
 * <p>
 * It seals with the current key and opens with the current or a previous one: GCM's tag tells
 * which key a row was sealed with, so rows need no key id. After a rotation the
 * {@link TemplateResealer} moves every row to the current key, and the previous key can go.
 */
public final class TemplateSealer {

    private static final int IV_BYTES = 12;
    private final SecretKey key;
    private final List<SecretKey> previousKeys;
    private final SecureRandom random = new SecureRandom();

    public TemplateSealer(SecretKey key) {
        this(key, List.of());
    }

    /** Seals with {@code key}; also opens what one of {@code previousKeys} sealed. */
    public TemplateSealer(SecretKey key, List<SecretKey> previousKeys) {
        this.key = key;
        this.previousKeys = List.copyOf(previousKeys);
    }

    /** Whether there are previous keys, i.e. rows may need re-sealing. */
    public boolean hasPreviousKeys() {
        return !previousKeys.isEmpty();
    }

    public byte[] seal(String customer, String username, FaceTemplate template) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            gcm.updateAAD(owner(customer, username));
            byte[] ciphertext = gcm.doFinal(template.toBytes());
            return ByteBuffer.allocate(IV_BYTES + ciphertext.length).put(iv).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("template sealing failed", e);
        }
    }

    /** Opens a stored template of this user, sealed with the current or a previous key. */
    public FaceTemplate open(String customer, String username, byte[] sealed) {
        Optional<FaceTemplate> opened = openWith(key, customer, username, sealed);
        for (int i = 0; opened.isEmpty() && i < previousKeys.size(); i++) {
            opened = openWith(previousKeys.get(i), customer, username, sealed);
        }
        return opened.orElseThrow(() -> new IllegalStateException("stored template does not open for this user"));
    }

    /**
     * The template sealed with the current key, when a previous key sealed it; empty when the
     * current key did already.
     *
     * @throws IllegalStateException when no key opens it (another user's row, or a key removed too early)
     */
    public Optional<byte[]> resealed(String customer, String username, byte[] sealed) {
        if (openWith(key, customer, username, sealed).isPresent()) {
            return Optional.empty();
        }
        for (SecretKey previous : previousKeys) {
            Optional<FaceTemplate> opened = openWith(previous, customer, username, sealed);
            if (opened.isPresent()) {
                return Optional.of(seal(customer, username, opened.get()));
            }
        }
        throw new IllegalStateException("stored template does not open for this user");
    }

    private static Optional<FaceTemplate> openWith(SecretKey key, String customer, String username, byte[] sealed) {
        if (sealed.length <= IV_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, IV_BYTES));
            gcm.updateAAD(owner(customer, username));
            return Optional.of(FaceTemplate.fromBytes(gcm.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES)));
        } catch (AEADBadTagException notThisKey) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("template decryption failed", e);
        }
    }

    private static byte[] owner(String customer, String username) {
        return (customer + "\u0000" + username).getBytes(StandardCharsets.UTF_8);
    }
}
