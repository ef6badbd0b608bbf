package dev.likeness.launcher;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Quarkus applications of the local stack, in start order, and each one's settings for it:
 * its HTTP port, the addresses of its peers and the key files of the local deployment.
 */
public enum StackService {
    AUTH_SERVICE("auth-service"),
    JWT_VERIFIER("jwt-verifier"),
    QUALITY_SERVICE("quality-service"),
    AUTH_RELAY("auth-relay"),
    INGEST_GATEWAY("ingest-gateway"),
    DEMO_BACKEND("demo-backend");

    /** auth-service's Quarkus profile under which it honours a fixed challenge (its ChallengeDraws): tests' only. */
    static final String AUTH_SERVICE_RECORDING_PROFILE = "liveness-recording";

    private final String module;

    StackService(String module) {
        this.module = module;
    }

    /** The Maven module, which is also the process's name in the stack. */
    public String module() {
        return module;
    }

    Path jar(Path repository) {
        return repository.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Whether it serves HTTPS only, with its certificate of the local CA: auth-service (the JWKS
     * every verdict trusts, the admin API) and jwt-verifier (the verdicts), as in {@code deploy/}.
     */
    public boolean servesHttps() {
        return this == AUTH_SERVICE || this == JWT_VERIFIER;
    }

    /** Where a process of it listening on {@code port} is reached (health, metrics and whatever it serves). */
    public URI baseUrl(int port) {
        return URI.create((servesHttps() ? "https" : "http") + "://localhost:" + port);
    }

    /** Its HTTP port (health, metrics and whatever it serves). */
    public int httpPort(StackPorts ports) {
        return switch (this) {
            case INGEST_GATEWAY -> ports.gateway();
            case QUALITY_SERVICE -> ports.quality();
            case AUTH_RELAY -> ports.relay();
            case AUTH_SERVICE -> ports.auth();
            case JWT_VERIFIER -> ports.verifier();
            case DEMO_BACKEND -> ports.demoBackend();
        };
    }

    /**
     * The local stack's database, which auth-service starts (embedded, loopback only, its
     * superuser without password): the gateways' and the verifier's used-token ledgers live there
     * too, each in a schema of its own.
     */
    static String databaseUrl(StackPorts ports) {
        return "jdbc:postgresql://localhost:" + ports.postgres() + "/postgres";
    }

    /**
     * Its configuration in this stack, as system properties; {@code instance} counts the service's
     * processes from 1, {@code qualityWorkers} is how many quality-service processes the stack runs,
     * {@code liveness} the demo customer's policy (and a challenge fixed for browser tests).
     */
    Map<String, String> settings(StackPorts ports, DemoCustomer customer, Path home, int instance, int qualityWorkers,
                                 DemoLiveness liveness) {
        Map<String, String> settings = new HashMap<>(ownSettings(ports, customer, home, qualityWorkers, instance));
        if (this == AUTH_SERVICE) {
            settings.put("likeness.auth.customers." + DemoCustomer.NAME + ".liveness", liveness.policy().wireName());
            if (!liveness.fixedChallenge().isEmpty()) {
                settings.put("quarkus.profile", AUTH_SERVICE_RECORDING_PROFILE);
                settings.put("likeness.auth.fixed-challenge", String.join(",", liveness.fixedChallenge()));
            }
        }
        if (servesHttps()) {
            LocalCertificates.ServerPem pem = customer.tls().serverPem(module);
            settings.put("quarkus.http.insecure-requests", "disabled");
            settings.put("quarkus.http.ssl.certificate.files", pem.certificateFile().toString());
            settings.put("quarkus.http.ssl.certificate.key-files", pem.keyFile().toString());
        }
        return settings;
    }

    private Map<String, String> ownSettings(StackPorts ports, DemoCustomer customer, Path home, int qualityWorkers, int instance) {
        String imageKey = DemoCustomer.IMAGE_KEY_ID;
        return switch (this) {
            case INGEST_GATEWAY -> Map.of(
                    "kafka.bootstrap.servers", ports.bootstrapServers(),
                    // Each gateway reads its own partition of session events: the first 0, the second 1, ...
                    "likeness.gateway.instance-id", "gateway-" + (instance - 1),
                    "likeness.gateway.reply-partition", String.valueOf(instance - 1),
                    "likeness.gateway.used-tokens.url", databaseUrl(ports),
                    "likeness.gateway.used-tokens.username", LocalStack.POSTGRES,
                    "likeness.gateway.customers." + DemoCustomer.NAME + ".authorization-keys", customer.authorizationPublicKey().toString(),
                    // The demo customer's pages are local ones (the demo page, a developer's, the browser tests');
                    // the CLI and the tests' Java client send no Origin.
                    "likeness.gateway.customers." + DemoCustomer.NAME + ".allowed-origins", "http://localhost:*,http://127.0.0.1:*",
                    "likeness.gateway.customers." + DemoCustomer.NAME + ".allow-missing-origin", "true",
                    "likeness.gateway.serve-demo-page", "true",
                    // Every local client (the CLI, the bench, the browser tests) is 127.0.0.1: one source, no limit of its own.
                    "likeness.gateway.max-connections-per-source", "1000000");
            case QUALITY_SERVICE -> withConsumers(qualityWorkers, Map.of(
                    "kafka.bootstrap.servers", ports.bootstrapServers(),
                    "likeness.quality.image-keys." + imageKey + ".customer", DemoCustomer.NAME,
                    "likeness.quality.image-keys." + imageKey + ".private-key-file", customer.imagePrivateKey().toString()));
            case AUTH_RELAY -> Map.of(
                    "kafka.bootstrap.servers", ports.bootstrapServers(),
                    "likeness.relay.auth-service-target", "localhost:" + ports.authGrpc(),
                    "likeness.relay.tls.key-store-file", customer.tls().side(LocalCertificates.AUTH_RELAY).keyStoreFile().toString(),
                    "likeness.relay.tls.trust-store-file", customer.tls().side(LocalCertificates.AUTH_RELAY).trustStoreFile().toString(),
                    "likeness.relay.tls.store-password-file",
                    customer.tls().side(LocalCertificates.AUTH_RELAY).storePasswordFile().toString());
            case AUTH_SERVICE -> withPreviousKeys(customer, Map.ofEntries(
                    Map.entry("likeness.auth.grpc-port", String.valueOf(ports.authGrpc())),
                    Map.entry("likeness.auth.signing-key-file", customer.signingKey().toString()),
                    Map.entry("likeness.auth.template-key-file", customer.templateKey().toString()),
                    Map.entry("likeness.auth.database.embedded-directory", home.resolve("postgres").toString()),
                    Map.entry("likeness.auth.database.embedded-port", String.valueOf(ports.postgres())),
                    Map.entry("likeness.auth.image-keys." + imageKey + ".customer", DemoCustomer.NAME),
                    Map.entry("likeness.auth.image-keys." + imageKey + ".private-key-file", customer.imagePrivateKey().toString()),
                    // The demo customer signs admin tokens with its user-token key (audience likeness-admin).
                    Map.entry("likeness.auth.customers." + DemoCustomer.NAME + ".admin-keys", customer.authorizationPublicKey().toString()),
                    // Each session's user token is verified again before anything is enrolled or signed.
                    Map.entry("likeness.auth.customers." + DemoCustomer.NAME + ".authorization-keys",
                            customer.authorizationPublicKey().toString()),
                    Map.entry("likeness.auth.user-tokens.audience", DemoCustomer.TOKEN_AUDIENCE),
                    // gRPC with mutual TLS: only auth-relay's certificate, of the local CA, gets through.
                    Map.entry("likeness.auth.grpc-tls.key-store-file",
                            customer.tls().side(LocalCertificates.AUTH_SERVICE).keyStoreFile().toString()),
                    Map.entry("likeness.auth.grpc-tls.trust-store-file",
                    customer.tls().side(LocalCertificates.AUTH_SERVICE).trustStoreFile().toString()),
                    Map.entry("likeness.auth.grpc-tls.store-password-file",
                    customer.tls().side(LocalCertificates.AUTH_SERVICE).storePasswordFile().toString())));
            case JWT_VERIFIER -> Map.of(
                    "likeness.verifier.jwks-url", ports.jwksUrl(),
                    "likeness.verifier.jwks-ca-file", customer.tls().caCertificate().toString(),
                    // Only the demo backend, with its key, may ask for verdicts, and only about the demo customer's tokens.
                    "likeness.verifier.customers." + DemoCustomer.NAME + ".caller-key-sha256", callerKeyHash(customer),
                    "likeness.verifier.used-tokens.url", databaseUrl(ports),
                    "likeness.verifier.used-tokens.username", LocalStack.POSTGRES);
            case DEMO_BACKEND -> Map.ofEntries(
                    Map.entry("likeness.demo.customer", DemoCustomer.NAME),
                    Map.entry("likeness.demo.image-key-id", imageKey),
                    Map.entry("likeness.demo.token-audience", DemoCustomer.TOKEN_AUDIENCE),
                    Map.entry("likeness.demo.authorization-private-key-file", customer.authorizationPrivateKey().toString()),
                    Map.entry("likeness.demo.image-public-key-file", customer.imagePublicKey().toString()),
                    Map.entry("likeness.demo.gateway-origin", ports.gatewayOrigin()),
                    Map.entry("likeness.demo.verifier-url", ports.verifierUrl()),
                    Map.entry("likeness.demo.verifier-key-file", customer.verifierCallerKey().toString()),
                    Map.entry("likeness.demo.admin-url", ports.adminUrl()),
                    Map.entry("likeness.demo.ca-file", customer.tls().caCertificate().toString()));
        };
    }

    /**
     * quality-service's settings, plus its share of the machine's cores as consumers, unless
     * LIKENESS_QUALITY_CONSUMERS sets the count: a system property would outrank the variable, which
     * the services read like every other setting.
     */
    private static Map<String, String> withConsumers(int qualityWorkers, Map<String, String> settings) {
        if (System.getenv("LIKENESS_QUALITY_CONSUMERS") != null) {
            return settings;
        }
        Map<String, String> all = new HashMap<>(settings);
        all.put("likeness.quality.consumers", String.valueOf(
                LocalStack.qualityConsumersPerWorker(Runtime.getRuntime().availableProcessors(), qualityWorkers)));
        return all;
    }

    private static String callerKeyHash(DemoCustomer customer) {
        try {
            return customer.verifierCallerKeyHash();
        } catch (IOException e) {
            throw new UncheckedIOException("the demo backend's verifier key is unreadable", e);
        }
    }

    /** auth-service's settings, plus the signing and template keys rotations replaced, while any are kept. */
    private static Map<String, String> withPreviousKeys(DemoCustomer customer, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        try {
            listed(all, "likeness.auth.previous-template-key-files", customer.previousTemplateKeys());
            listed(all, "likeness.auth.previous-signing-key-files", customer.previousSigningKeys());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private static void listed(Map<String, String> settings, String key, List<Path> files) {
        if (!files.isEmpty()) {
            settings.put(key, String.join(",", files.stream().map(Path::toString).toList()));
        }
    }

    /** Its heap: the demo backend is small, the rest hold models, consumers or a database pool. */
    String maxHeap() {
        return this == DEMO_BACKEND ? "-Xmx64m" : "-Xmx256m";
    }
}
