package dev.likeness.relay;

import dev.likeness.crypto.TlsMaterial;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Configuration of auth-relay, under {@code likeness.relay}. */
@ConfigMapping(prefix = "likeness.relay")
public interface RelayConfig {

    /** gRPC target of the authentication service, e.g. {@code localhost:9090} or {@code dns:///auth-service:9090}. */
    @WithDefault("localhost:9090")
    String authServiceTarget();

    /** A session stream with no frame for this long is closed (the user left without a decision). */
    @WithDefault("90s")
    Duration streamIdleTimeout();

    /** How long a decided session's id is remembered, so its late frames are dropped instead of reopening it. */
    @WithDefault("10m")
    Duration decidedSessionMemory();

    /**
     * Mutual TLS to auth-service: this relay's client certificate and the CA auth-service's
     * certificate must chain to. Required unless {@link #plaintext()}.
     */
    Optional<Tls> tls();

    /** Plaintext gRPC to auth-service: only inside a network nobody else reaches. False refuses to start without TLS. */
    @WithDefault("false")
    boolean plaintext();

    interface Tls extends TlsMaterial.Files {
    }
}
