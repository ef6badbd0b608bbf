package dev.likeness.verifier.domain;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the verifier reaches auth-service's JWKS: the keys every verdict trusts, so whoever answers
 * that URL decides which tokens are genuine. Over https, the server's certificate must chain to the
 * configured CA (or, without one, to the JDK's); plain http is only for auth-service on the same
 * host (the local stack), and any other host over http stops the start.
 */
public final class JwksTransport {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private JwksTransport() {
    }

    /** The client to fetch {@code url} with; {@code caFile}: PEM certificate(s) the server's must chain to. */
    public static HttpClient client(URI url, Optional<Path> caFile) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
        if ("http".equals(url.getScheme())) {
            if (!LOOPBACK.contains(url.getHost())) {
                throw new IllegalStateException("likeness.verifier.jwks-url: the JWKS decides which tokens are genuine, and plain http "
                        + "lets anyone on the way answer for " + url.getHost() + ": use https (with likeness.verifier.jwks-ca-file)");
            }
            // HTTP/1.1: on plain http the JDK client would otherwise offer an h2c upgrade, which a Vert.x server has left hanging.
            return builder.version(HttpClient.Version.HTTP_1_1).build();
        }
        if (!"https".equals(url.getScheme())) {
            throw new IllegalStateException("likeness.verifier.jwks-url must be https (or http to this host)");
        }
        if (caFile.isPresent()) {
            builder.sslContext(trusting(caFile.get()));
        }
        return builder.build();
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalStateException("likeness.verifier.jwks-ca-file holds no certificate: " + caFile);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("likeness.verifier.jwks-ca-file unreadable: " + caFile + ": " + e.getMessage(), e);
        }
    }
}
