package dev.likeness.verifier.domain;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whoever answers the JWKS URL decides which tokens are genuine: over https the verifier takes
 * keys only from a server whose certificate chains to the configured CA, and it refuses plain http
 * to another host at start.
 */
class JwksTransportTest {

    @TempDir
    static Path folder;
    static final String PASSWORD = "jwks-test";

    /** A self-signed certificate for 127.0.0.1 in {@code <name>.p12}, and its PEM in {@code <name>.pem}. */
    static void certificate(String name) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-validity", "2",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", name + ".p12", "-storepass", PASSWORD, "-file", name + ".pem");
    }

    static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as(output).isTrue();
    }

    @BeforeAll
    static void certificates() throws Exception {
        certificate("auth-service");
        certificate("impostor");
    }

    /** An https JWKS server presenting {@code name}'s certificate, serving one key "k1". */
    static HttpsServer serving(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(folder.resolve(name + ".p12"))) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        byte[] body = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toPublicJWK()).toString(true)
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/v1/jwks.json", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    static CachedJwks jwks(HttpsServer server) {
        URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v1/jwks.json");
        return new CachedJwks(url, JwksTransport.client(url, Optional.of(folder.resolve("auth-service.pem"))), Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofHours(1), Clock.systemUTC());
    }

    @Test
    void keysComeOnlyFromAServerWhoseCertificateChainsToTheConfiguredCa() throws Exception {
        HttpsServer genuine = serving("auth-service");
        HttpsServer impostor = serving("impostor");
        try {
            assertThat(jwks(genuine).find("k1")).as("auth-service's certificate").isPresent();
            assertThatThrownBy(() -> jwks(impostor).find("k1")).as("another certificate, another key set")
                    .isInstanceOf(KeySource.KeysUnavailableException.class);
        } finally {
            genuine.stop(0);
            impostor.stop(0);
        }
    }

    @Test
    void plainHttpIsOnlyForThisHost() {
        assertThatThrownBy(() -> JwksTransport.client(URI.create("http://auth-service:8083/v1/jwks.json"), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("https");
        assertThat(JwksTransport.client(URI.create("http://localhost:8083/v1/jwks.json"), Optional.empty())).isNotNull();
        assertThatThrownBy(() -> JwksTransport.client(URI.create("ftp://auth-service/jwks"), Optional.empty()))
                .isInstanceOf(IllegalStateException.class);
    }
}
