package dev.likeness.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CA certificates an HTTPS client trusts for one peer: those of a PEM file (a private CA, such
 * as the local stack's or a cluster's), or the JDK's when none is configured. Only these anchors,
 * never the JDK's beside a private CA: a certificate any public CA issued must not pass for a peer
 * a private CA names.
 */
public final class TrustAnchors {

    private TrustAnchors() {
    }

    /**
     * An HTTP/1.1 client trusting {@code caFile}'s certificates, or the JDK's without one. HTTP/1.1:
     * on plain http the JDK client otherwise offers an h2c upgrade, which a Vert.x server has left hanging.
     */
    public static HttpClient httpClient(Optional<Path> caFile, Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
        caFile.ifPresent(file -> builder.sslContext(sslContext(file)));
        return builder.build();
    }

    /** A TLS context trusting exactly the certificates of the PEM file {@code caFile}; an empty or unreadable file fails. */
    public static SSLContext sslContext(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalStateException("no certificate in the CA file " + caFile);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the CA file " + caFile + " is unreadable: " + e.getMessage(), e);
        }
    }
}
