package dev.likeness.testsupport;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/** Fresh key pairs of the kinds Likeness uses: RSA for image encryption, P-256 for signing tokens. */
public final class TestKeys {

    private TestKeys() {
    }

    /** An RSA-2048 key pair, as customers' image-encryption keys are. */
    public static KeyPair rsa() {
        return generate("RSA", 2048);
    }

    /** A P-256 key pair, as ES256 signing keys are. */
    public static KeyPair ec() {
        return generate("EC", 256);
    }

    private static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(size);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make " + algorithm + " keys", e);
        }
    }
}
