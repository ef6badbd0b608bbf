package dev.likeness.verifier.domain;

import dev.likeness.crypto.TrustAnchors;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How the verifier reaches auth-service's JWKS: the keys every verdict trusts, so whoever answers
 * that URL decides which tokens are genuine. Over https, the server's certificate must chain to the
 * configured CA (or, without one, to the JDK's); plain http is only for auth-service on the same
 * host (the local stack), and any other host over http stops the start.
 */
public final class JwksTransport {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private JwksTransport() {
    }

    /** The client to fetch {@code url} with; {@code caFile}: PEM certificate(s) the server's must chain to. */
    public static HttpClient client(URI url, Optional<Path> caFile) {
        if ("http".equals(url.getScheme())) {
            if (!LOOPBACK.contains(url.getHost())) {
                throw new IllegalStateException("likeness.verifier.jwks-url: the JWKS decides which tokens are genuine, and plain http "
                        + "lets anyone on the way answer for " + url.getHost() + ": use https (with likeness.verifier.jwks-ca-file)");
            }
            return TrustAnchors.httpClient(Optional.empty(), CONNECT_TIMEOUT);
        }
        if (!"https".equals(url.getScheme())) {
            throw new IllegalStateException("likeness.verifier.jwks-url must be https (or http to this host)");
        }
        try {
            return TrustAnchors.httpClient(caFile, CONNECT_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("likeness.verifier.jwks-ca-file: " + e.getMessage(), e);
        }
    }
}
