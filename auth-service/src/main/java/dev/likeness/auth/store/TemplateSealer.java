package dev.likeness.auth.store;

import dev.likeness.auth.template.FaceTemplate;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Encrypts templates at rest with AES-256-GCM. The customer and username are the associated
 * data, so a template row copied onto another user fails to open instead of matching their face.
 */
public final class TemplateSealer {

    private static final int IV_BYTES = 12;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public TemplateSealer(SecretKey key) {
        this.key = key;
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

    public FaceTemplate open(String customer, String username, byte[] sealed) {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, IV_BYTES));
            gcm.updateAAD(owner(customer, username));
            return FaceTemplate.fromBytes(gcm.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored template does not open for this user", e);
        }
    }

    private static byte[] owner(String customer, String username) {
        return (customer + "\u0000" + username).getBytes(StandardCharsets.UTF_8);
    }
}
