package dev.likeness.verifier.domain;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The authentication service's JWKS, fetched over HTTP and cached. An unknown `kid` triggers a
 * refetch (keys rotate), at most once per {@code minRefetchInterval}; a failed fetch keeps the
 * keys already known, so a short outage of auth-service does not stop verification, but not past
 * {@code maxKeyAge}: a key withdrawn from the JWKS (a compromised one, rotated out) must stop
 * verifying even where the verifier cannot learn of it, so keys that old are dropped and
 * verification fails closed until a fetch succeeds. It counts
 * its fetches by outcome, for operators: a verifier quietly living on old keys is an alert.
 */
public final class CachedJwks implements KeySource {

    private final URI url;
    private final Duration lifetime;
    private final Duration minRefetchInterval;
    private final Duration maxKeyAge;
    private final Clock clock;
    private final HttpClient http;
    private JWKSet keys;
    private Instant fetchedAt = Instant.EPOCH;
    private volatile Instant keysFetchedAt;
    private final AtomicLong succeededFetches = new AtomicLong();
    private final AtomicLong failedFetches = new AtomicLong();

    /** Fetching {@code url} as {@link JwksTransport} allows, without a CA of its own. */
    public CachedJwks(URI url, Duration lifetime, Duration minRefetchInterval, Duration maxKeyAge, Clock clock) {
        this(url, JwksTransport.client(url, Optional.empty()), lifetime, minRefetchInterval, maxKeyAge, clock);
    }

    public CachedJwks(URI url, HttpClient http, Duration lifetime, Duration minRefetchInterval, Duration maxKeyAge, Clock clock) {
        this.url = url;
        this.http = http;
        this.lifetime = lifetime;
        this.minRefetchInterval = minRefetchInterval;
        this.maxKeyAge = maxKeyAge;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<JWK> find(String keyId) throws KeysUnavailableException {
        Instant now = clock.instant();
        boolean stale = keys == null || now.isAfter(fetchedAt.plus(lifetime)) || now.isAfter(keysFetchedAt.plus(maxKeyAge));
        boolean unknown = keys != null && keys.getKeyByKeyId(keyId) == null;
        if (stale || (unknown && now.isAfter(fetchedAt.plus(minRefetchInterval)))) {
            fetch(now);
        }
        return Optional.ofNullable(keys.getKeyByKeyId(keyId));
    }

    private void fetch(Instant now) throws KeysUnavailableException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("JWKS answered HTTP " + response.statusCode());
            }
            keys = JWKSet.parse(response.body());
            fetchedAt = now;
            keysFetchedAt = now;
            succeededFetches.incrementAndGet();
        } catch (IOException | ParseException e) {
            failedFetches.incrementAndGet();
            if (keys != null && now.isAfter(keysFetchedAt.plus(maxKeyAge))) {
                keys = null;
            }
            if (keys == null) {
                throw new KeysUnavailableException("JWKS unavailable: " + e.getMessage(), e);
            }
            fetchedAt = now; // keep the known keys; try again after minRefetchInterval
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeysUnavailableException("interrupted", e);
        }
    }

    /** Fetches that brought a JWKS. */
    public long succeededFetches() {
        return succeededFetches.get();
    }

    /** Fetches that failed (unreachable, an HTTP error, or not a JWKS). */
    public long failedFetches() {
        return failedFetches.get();
    }

    /** When the keys in use were fetched; empty before the first successful fetch. */
    public Optional<Instant> keysFetchedAt() {
        return Optional.ofNullable(keysFetchedAt);
    }
}
