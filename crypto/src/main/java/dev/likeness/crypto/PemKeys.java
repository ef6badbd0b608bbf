package dev.likeness.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes keys as PEM: public keys as SPKI ("PUBLIC KEY"), private keys as PKCS#8
 * ("PRIVATE KEY"), RSA or EC. These are the formats {@code openssl} and WebCrypto's
 * {@code importKey('spki'|'pkcs8')} speak, so operators can bring their own keys.
 */
public final class PemKeys {

    private static final List<String> ALGORITHMS = List.of("RSA", "EC");

    private PemKeys() {
    }

    public static PublicKey readPublicKey(Path file) throws IOException {
        return parsePublicKey(Files.readString(file));
    }

    /**
     * The public keys of several owners (customers), read from their PEM files, each strong enough
     * to sign with ({@link #requireSigningStrength}); a file that does not read, or a weak key,
     * stops the caller, naming the owner and the file (what is being read is {@code what}).
     */
    public static Map<String, List<PublicKey>> readPublicKeysByOwner(Map<String, List<Path>> files, String what) {
        Map<String, List<PublicKey>> keys = new HashMap<>();
        files.forEach((owner, paths) -> {
            List<PublicKey> ownKeys = new ArrayList<>();
            for (Path file : paths) {
                PublicKey key;
                try {
                    key = readPublicKey(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(what + " of " + owner + " unreadable: " + file, e);
                }
                try {
                    requireSigningStrength(key);
                } catch (IllegalArgumentException weak) {
                    throw new IllegalArgumentException(what + " of " + owner + " in " + file + ": " + weak.getMessage(), weak);
                }
                ownKeys.add(key);
            }
            keys.put(owner, List.copyOf(ownKeys));
        });
        return keys;
    }

    /**
     * Refuses a key too weak to trust a signature from: RSA under 2048 bits (NIST SP 800-131A
     * disallows less for signatures), EC on a curve other than P-256, P-384 or P-521 (the curves
     * of ES256/384/512).
     */
    public static void requireSigningStrength(PublicKey key) {
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("an RSA key of " + rsa.getModulus().bitLength() + " bits; at least 2048 are needed");
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            if (bits != 256 && bits != 384 && bits != 521) {
                throw new IllegalArgumentException("an EC key of " + bits + " bits; P-256, P-384 or P-521 are needed");
            }
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        byte[] der = decode(Files.readString(file), "PRIVATE KEY");
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new IOException(file + " holds no RSA or EC PKCS#8 private key");
    }

    public static PublicKey parsePublicKey(String pem) throws IOException {
        byte[] der = decode(pem, "PUBLIC KEY");
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new IOException("no RSA or EC SPKI public key in the PEM text");
    }

    /** The public half of an RSA private key (PKCS#8 RSA keys carry the modulus and public exponent). */
    public static PublicKey publicHalf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new IllegalArgumentException("only an RSA (CRT) private key names its public half");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has RSA", e);
        }
    }

    public static String toPem(PublicKey key) {
        return encode(key, "PUBLIC KEY");
    }

    /** Writes a private key readable by its owner only. */
    public static void writePrivateKey(PrivateKey key, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, encode(key, "PRIVATE KEY"));
    }

    public static void writePublicKey(PublicKey key, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toPem(key));
    }

    private static String encode(Key key, String label) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] decode(String pem, String label) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException("no PEM block labelled " + label);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException("PEM block " + label + " is not base64");
        }
    }
}
