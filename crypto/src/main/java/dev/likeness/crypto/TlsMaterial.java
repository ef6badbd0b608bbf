package dev.likeness.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * One side of a mutually authenticated TLS connection (auth-relay to auth-service): this
 * service's key and certificate chain, and the CA whose certificates it accepts from the other
 * side. Both are PKCS#12 files; their password is read from a third file (a Secret in
 * Kubernetes), so none is in configuration or on a command line.
 */
public record TlsMaterial(KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {

    /** What a service configures: the three file paths. */
    public interface Files {
        /** PKCS#12 holding this service's private key and certificate chain. */
        Path keyStoreFile();

        /** PKCS#12 holding the CA certificate(s) trusted for the other side. */
        Path trustStoreFile();

        /** A file whose content (trimmed) is the password of both stores. */
        Path storePasswordFile();
    }

    public static TlsMaterial load(Files files) throws IOException, GeneralSecurityException {
        // CHECKSTYLE.OFF: InlineQualifiedName java.nio.file.Files, not this record's Files
        char[] password = java.nio.file.Files.readString(files.storePasswordFile()).trim().toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(read(files.keyStoreFile(), password), password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(read(files.trustStoreFile(), password));
        return new TlsMaterial(keys, trust);
    }

    private static KeyStore read(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        // CHECKSTYLE.OFF: InlineQualifiedName java.nio.file.Files, not this record's Files
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
