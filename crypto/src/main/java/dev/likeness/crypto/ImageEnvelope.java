package dev.likeness.crypto;

import com.google.protobuf.ByteString;
import dev.likeness.proto.v1.EncryptedImage;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The frame encryption scheme: a fresh AES-256-GCM content key per frame, wrapped with
 * RSA-OAEP (SHA-256, MGF1-SHA-256) to the customer's image-encryption public key.
 * The parameters are exactly WebCrypto's {@code RSA-OAEP}/{@code AES-GCM} defaults, so a
 * browser and this class produce and open the same bytes.
 */
public final class ImageEnvelope {

    static final int CONTENT_KEY_BITS = 256;
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;

    // Java's "OAEPWithSHA-256AndMGF1Padding" uses MGF1-SHA-1; WebCrypto uses the same hash for both.
    private static final OAEPParameterSpec OAEP_SHA256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private static final SecureRandom RANDOM = new SecureRandom();

    private ImageEnvelope() {
    }

    /**
     * Encrypts one image for the holder of {@code recipient}'s private key, authenticating
     * {@code associatedData} with it (a frame's {@link FrameBinding}): opening needs the same bytes.
     */
    public static EncryptedImage seal(byte[] image, PublicKey recipient, byte[] associatedData) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(CONTENT_KEY_BITS, RANDOM);
            SecretKey contentKey = generator.generateKey();
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);

            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, contentKey, new GCMParameterSpec(TAG_BITS, iv));
            gcm.updateAAD(associatedData);
            byte[] ciphertext = gcm.doFinal(image);

            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.WRAP_MODE, recipient, OAEP_SHA256);
            byte[] wrappedKey = oaep.wrap(contentKey);

            return EncryptedImage.newBuilder()
                    .setWrappedKey(ByteString.copyFrom(wrappedKey))
                    .setIv(ByteString.copyFrom(iv))
                    .setCiphertext(ByteString.copyFrom(ciphertext))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot seal images: " + e.getMessage(), e);
        }
    }

    /**
     * Opens an image sealed to {@code ownKey}'s public half with {@code associatedData}.
     *
     * @throws ImageDecryptionException when the key does not unwrap, or the ciphertext or its
     *                                  associated data fail authentication
     */
    public static byte[] open(EncryptedImage sealed, PrivateKey ownKey, byte[] associatedData) throws ImageDecryptionException {
        if (sealed.getIv().size() != IV_BYTES) {
            throw new ImageDecryptionException("iv must be " + IV_BYTES + " bytes");
        }
        SecretKey contentKey;
        try {
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.DECRYPT_MODE, ownKey, OAEP_SHA256);
            byte[] raw = oaep.doFinal(sealed.getWrappedKey().toByteArray());
            if (raw.length != CONTENT_KEY_BITS / 8) {
                throw new ImageDecryptionException("content key must be 256 bits");
            }
            contentKey = new SecretKeySpec(raw, "AES");
        } catch (GeneralSecurityException e) {
            throw new ImageDecryptionException("content key does not unwrap");
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, contentKey, new GCMParameterSpec(TAG_BITS, sealed.getIv().toByteArray()));
            gcm.updateAAD(associatedData);
            return gcm.doFinal(sealed.getCiphertext().toByteArray());
        } catch (GeneralSecurityException e) {
            throw new ImageDecryptionException("ciphertext fails authentication");
        }
    }
}
