package dev.likeness.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The loopback ports of one local stack. {@code postgres} is the embedded database's, which
 * auth-service starts and the gateways' and verifiers' used-token ledgers connect to, so it is
 * fixed like the others (a test stack picks it with them, so it cannot take a port chosen for a
 * service that starts after it). {@code kafkaMetrics} is where the broker's JMX exporter serves
 * /metrics (9404, Strimzi's port for it).
 */
public record StackPorts(int kafka, int kafkaController, int kafkaMetrics, int gateway, int quality, int relay, int auth,
                         int authGrpc, int verifier, int demoBackend, int postgres) {

    /** The documented ports of `./likeness up`. */
    public static StackPorts defaults() {
        return new StackPorts(9092, 9093, 9404, 8080, 8081, 8082, 8083, 9090, 8084, 8085, 55432);
    }

    /** Free ports picked by the OS, so a test stack never collides with a running one. */
    public static StackPorts free() {
        // Distinct ports: a port handed out here is free until its process binds it, so ask for all at once.
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < 11) {
            ports.add(freePort());
        }
        int[] p = ports.stream().mapToInt(Integer::intValue).toArray();
        return new StackPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10]);
    }

    public int[] all() {
        return IntStream.of(kafka, kafkaController, kafkaMetrics, gateway, quality, relay, auth, authGrpc, verifier, demoBackend, postgres)
                .filter(port -> port > 0).toArray();
    }

    public String bootstrapServers() {
        return "localhost:" + kafka;
    }

    public String gatewayUrl() {
        return sessionsUrl(gateway);
    }

    /** The WebSocket URL of a gateway on {@code port}. */
    static String sessionsUrl(int port) {
        return "ws://localhost:" + port + "/v1/sessions";
    }

    public String gatewayOrigin() {
        return "http://localhost:" + gateway;
    }

    public String demoBackendUrl() {
        return "http://localhost:" + demoBackend;
    }

    public String verifierUrl() {
        return verifyUrl(verifier);
    }

    /** The verification URL of a jwt-verifier on {@code port} (HTTPS, the local CA's certificate). */
    static String verifyUrl(int port) {
        return "https://localhost:" + port + "/v1/verify";
    }

    /** auth-service's key set, which the verifiers fetch (HTTPS, the local CA's certificate). */
    public String jwksUrl() {
        return "https://localhost:" + auth + "/v1/jwks.json";
    }

    /** auth-service's admin API (HTTPS, the local CA's certificate). */
    public String adminUrl() {
        return "https://localhost:" + auth + "/v1/admin";
    }

    Properties toProperties() {
        Properties properties = new Properties();
        properties.setProperty("kafka", String.valueOf(kafka));
        properties.setProperty("kafka-controller", String.valueOf(kafkaController));
        properties.setProperty("kafka-metrics", String.valueOf(kafkaMetrics));
        properties.setProperty("gateway", String.valueOf(gateway));
        properties.setProperty("quality", String.valueOf(quality));
        properties.setProperty("relay", String.valueOf(relay));
        properties.setProperty("auth", String.valueOf(auth));
        properties.setProperty("auth-grpc", String.valueOf(authGrpc));
        properties.setProperty("verifier", String.valueOf(verifier));
        properties.setProperty("demo-backend", String.valueOf(demoBackend));
        properties.setProperty("postgres", String.valueOf(postgres));
        return properties;
    }

    /** Reads what toProperties wrote; a port missing (a file of an older version) is the default one. */
    static StackPorts fromProperties(Properties p) {
        StackPorts d = defaults();
        return new StackPorts(port(p, "kafka", d.kafka), port(p, "kafka-controller", d.kafkaController),
                port(p, "kafka-metrics", d.kafkaMetrics),
                port(p, "gateway", d.gateway), port(p, "quality", d.quality), port(p, "relay", d.relay),
                port(p, "auth", d.auth), port(p, "auth-grpc", d.authGrpc), port(p, "verifier", d.verifier),
                port(p, "demo-backend", d.demoBackend), port(p, "postgres", d.postgres));
    }

    private static int port(Properties p, String name, int fallback) {
        String value = p.getProperty(name);
        return value == null ? fallback : Integer.parseInt(value.trim());
    }

    /** A port free now (the OS's pick). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
