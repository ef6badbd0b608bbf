package dev.likeness.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Configuration of the demo customer's backend, under {@code likeness.demo}. */
@ConfigMapping(prefix = "likeness.demo")
public interface DemoConfig {

    /** The customer this backend speaks for. */
    @WithDefault("demo")
    String customer();

    /** The id of the customer's image-encryption key, which clients name in Start. */
    @WithDefault("demo-image-1")
    String imageKeyId();

    /** The `aud` of the user authorization tokens it mints (the gateway's likeness.gateway.token-audience). */
    @WithDefault("likeness")
    String tokenAudience();

    /** The customer's token-signing key, EC P-256, PEM PKCS#8. Required: no key, no start. */
    Path authorizationPrivateKeyFile();

    /** The customer's image-encryption public key, PEM, handed to pages so they encrypt frames to it. Required. */
    Path imagePublicKeyFile();

    /** The gateway's origin: pages of it may call this backend, and clients connect to its WebSocket. */
    @WithDefault("http://localhost:8080")
    String gatewayOrigin();

    /** jwt-verifier's verify endpoint. */
    @WithDefault("https://localhost:8084/v1/verify")
    URI verifierUrl();

    /** A file holding this customer's caller key for jwt-verifier (sent as Authorization: Bearer). Required. */
    Path verifierKeyFile();

    /** auth-service's admin API, for erasing and unlocking users. */
    @WithDefault("https://localhost:8083/v1/admin")
    URI adminUrl();

    /**
     * PEM CA certificate(s) the verifier's and the admin API's certificates must chain to (the
     * local stack's CA, a cluster's); without it, the JDK's.
     */
    Optional<Path> caFile();
}
