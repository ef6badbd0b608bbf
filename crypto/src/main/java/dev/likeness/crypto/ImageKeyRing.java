package dev.likeness.crypto;

import dev.likeness.proto.v1.EncryptedImage;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The image-encryption private keys a decrypting service holds, by key id, each bound to the
 * one customer it belongs to: a frame of customer A wrapped to customer B's key is refused.
 */
public final class ImageKeyRing {

    /** One customer's private key; a retired one opens nothing (clients were moved to a newer key id). */
    public record Entry(String customer, PrivateKey privateKey, boolean retired) {
        public Entry {
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        public Entry(String customer, PrivateKey privateKey) {
            this(customer, privateKey, false);
        }
    }

    /**
     * How a service configures one key: the services' config interfaces extend this, so every
     * decrypting service declares and loads its keys the same way.
     */
    public interface KeyFile {
        /** The customer the key belongs to; frames of other customers are refused. */
        String customer();

        /** PEM (PKCS#8) private key file, readable by this service only. */
        Path privateKeyFile();

        /**
         * Retired: frames sealed to this key id are refused (SERVER_IMAGE_ENCRYPT_FAILED). A
         * rotation adds a new key id, moves the customer's clients to it, then retires the old
         * one once the frame topics' retention has passed, before deleting it.
         */
        boolean retired();
    }

    private final Map<String, Entry> byKeyId;

    public ImageKeyRing(Map<String, Entry> byKeyId) {
        this.byKeyId = Map.copyOf(byKeyId);
    }

    /** Loads each key id's PEM private key file. */
    public static ImageKeyRing load(Map<String, ? extends KeyFile> files) throws IOException {
        var entries = new HashMap<String, Entry>();
        for (var file : files.entrySet()) {
            entries.put(file.getKey(), new Entry(file.getValue().customer(), PemKeys.readPrivateKey(file.getValue().privateKeyFile()),
                    file.getValue().retired()));
        }
        return new ImageKeyRing(entries);
    }

    /** The public half of key {@code keyId}, which clients encrypt to (what the admin API hands customers). */
    public Optional<PublicKey> publicKey(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId)).map(entry -> PemKeys.publicHalf(entry.privateKey()));
    }

    /** Decrypts a frame of {@code customer} sealed to key {@code keyId} with {@code associatedData} (its {@link FrameBinding}). */
    public byte[] open(String customer, String keyId, EncryptedImage sealed, byte[] associatedData) throws ImageDecryptionException {
        Entry entry = byKeyId.get(keyId);
        if (entry == null) {
            throw new ImageDecryptionException("unknown image key id");
        }
        if (!entry.customer().equals(customer)) {
            throw new ImageDecryptionException("image key belongs to another customer");
        }
        if (entry.retired()) {
            throw new ImageDecryptionException("image key retired");
        }
        return ImageEnvelope.open(sealed, entry.privateKey(), associatedData);
    }
}
