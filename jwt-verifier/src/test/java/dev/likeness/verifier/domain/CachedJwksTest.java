package dev.likeness.verifier.domain;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.likeness.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a real HTTP server on loopback serving a JWKS that rotates and fails on demand. */
class CachedJwksTest {

    HttpServer server;
    final AtomicReference<JWKSet> served = new AtomicReference<>();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicInteger fetches = new AtomicInteger();
    final TestClock clock = TestClock.at(Instant.parse("2026-11-26T10:00:00Z"));
    CachedJwks jwks;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        jwks = new CachedJwks(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/jwks.json"),
                Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofHours(1), clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static ECKey key(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    @Test
    void fetchesOnceAndServesFromTheCache() throws Exception {
        served.set(new JWKSet(key("k1").toPublicJWK()));
        assertThat(jwks.keysFetchedAt()).isEmpty();
        assertThat(jwks.find("k1")).isPresent();
        assertThat(jwks.find("k1")).isPresent();
        assertThat(fetches).hasValue(1);
        assertThat(jwks.succeededFetches()).isEqualTo(1);
        assertThat(jwks.keysFetchedAt()).contains(clock.instant());
    }

    @Test
    void anUnknownKidRefetchesAtMostOncePerInterval() throws Exception {
        served.set(new JWKSet(key("k1").toPublicJWK()));
        jwks.find("k1");
        served.set(new JWKSet(List.of(key("k1").toPublicJWK(), key("k2").toPublicJWK())));

        assertThat(jwks.find("k2")).as("within the interval: no refetch").isEmpty();
        clock.advance(Duration.ofSeconds(11));
        assertThat(jwks.find("k2")).as("a rotated key is found after the interval").isPresent();
        assertThat(jwks.find("forged")).isEmpty();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void keepsKnownKeysWhenTheServiceFailsAndSaysSoWhenItHasNone() throws Exception {
        served.set(new JWKSet(key("k1").toPublicJWK()));
        jwks.find("k1");
        Instant fetched = clock.instant();
        status.set(503);
        clock.advance(Duration.ofMinutes(6));
        assertThat(jwks.find("k1")).isPresent();
        assertThat(jwks.failedFetches()).as("counted, so operators see a verifier living on old keys").isEqualTo(1);
        assertThat(jwks.keysFetchedAt()).as("the keys in use are still the old ones").contains(fetched);

        CachedJwks neverFetched = new CachedJwks(URI.create("http://127.0.0.1:1/v1/jwks.json"),
                Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofHours(1), Clock.systemUTC());
        assertThatThrownBy(() -> neverFetched.find("k1")).isInstanceOf(KeySource.KeysUnavailableException.class);
    }

    /** Cut off from auth-service, the verifier stops trusting its old keys after the bound: a withdrawn key cannot verify forever. */
    @Test
    void keysThatCannotBeRefreshedStopVerifyingAfterTheirMaximumAge() throws Exception {
        served.set(new JWKSet(key("k1").toPublicJWK()));
        jwks.find("k1");
        status.set(503);
        clock.advance(Duration.ofMinutes(59));
        assertThat(jwks.find("k1")).as("within the hour: the known key").isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> jwks.find("k1")).isInstanceOf(KeySource.KeysUnavailableException.class);
        status.set(200);
        clock.advance(Duration.ofSeconds(11));
        assertThat(jwks.find("k1")).as("auth-service back: verifying again").isPresent();
    }
}
