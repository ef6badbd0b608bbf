package dev.likeness.launcher;

import dev.likeness.crypto.TlsMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local CA's certificates, through real TLS handshakes with client authentication required,
 * as auth-service requires it of auth-relay: only a client certificate of this CA gets through.
 */
class LocalCertificatesTest {

    @TempDir
    static Path keys;
    @TempDir
    static Path otherKeys;
    static LocalCertificates certificates;

    @BeforeAll
    static void make() throws Exception {
        certificates = new LocalCertificates(keys);
        certificates.ensure();
    }

    static SSLContext context(TlsMaterial material, boolean withKey) throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(withKey ? material.keyManagers().getKeyManagers() : null, material.trustManagers().getTrustManagers(), null);
        return context;
    }

    /** Whether a client with {@code client}'s context completes a handshake with the auth-service side. */
    static boolean handshake(SSLContext client) throws Exception {
        SSLContext server = context(TlsMaterial.load(certificates.side(LocalCertificates.AUTH_SERVICE)), true);
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
            listening.setNeedClientAuth(true);
            CompletableFuture<Boolean> accepted = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listening.accept()) {
                    socket.startHandshake();
                    socket.getOutputStream().write(1);
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("localhost", listening.getLocalPort())) {
                socket.startHandshake();
                socket.getInputStream().read(); // the server's byte: in TLS 1.3 a refused client learns here
            } catch (Exception refused) {
                // the client may see the refusal as an exception
            }
            return accepted.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theRelaysCertificateIsAcceptedByAuthService() throws Exception {
        assertThat(handshake(context(TlsMaterial.load(certificates.side(LocalCertificates.AUTH_RELAY)), true))).isTrue();
    }

    @Test
    void aClientWithoutCertificateOrWithAnotherCasIsRefused() throws Exception {
        TlsMaterial relay = TlsMaterial.load(certificates.side(LocalCertificates.AUTH_RELAY));
        assertThat(handshake(context(relay, false))).as("no client certificate").isFalse();

        LocalCertificates other = new LocalCertificates(otherKeys);
        other.ensure();
        // a client certificate of another CA, even one that trusts our server
        TlsMaterial foreign = TlsMaterial.load(other.side(LocalCertificates.AUTH_RELAY));
        SSLContext impostor = SSLContext.getInstance("TLSv1.3");
        impostor.init(foreign.keyManagers().getKeyManagers(), relay.trustManagers().getTrustManagers(), null);
        assertThat(handshake(impostor)).isFalse();
    }

    @Test
    void theFilesAreOwnerOnlyAndKeptAcrossRuns() throws Exception {
        Path store = certificates.side(LocalCertificates.AUTH_SERVICE).keyStoreFile();
        assertThat(Files.getPosixFilePermissions(store)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(certificates.side(LocalCertificates.AUTH_SERVICE).storePasswordFile()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        byte[] before = Files.readAllBytes(store);
        certificates.ensure();
        assertThat(Files.readAllBytes(store)).isEqualTo(before);
        assertThatThrownBy(() -> TlsMaterial.load(new LocalCertificates.Side(store, store, otherKeys.resolve("tls/store-password"))))
                .as("another password").isInstanceOf(IOException.class);
    }

    static X509Certificate leaf(LocalCertificates.Side side) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] password = Files.readString(side.storePasswordFile()).trim().toCharArray();
        try (var in = Files.newInputStream(side.keyStoreFile())) {
            store.load(in, password);
        }
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return (X509Certificate) store.getCertificate(alias);
            }
        }
        throw new AssertionError("no key entry in " + side.keyStoreFile());
    }

    static List<String> alternativeNames(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().map(name -> name.get(1).toString()).toList();
    }

    /** Each side's certificate is for its role only: the relay's cannot serve, auth-service's names no client. */
    @Test
    void eachSideHasACertificateForItsRoleOnly() throws Exception {
        X509Certificate relay = leaf(certificates.side(LocalCertificates.AUTH_RELAY));
        assertThat(alternativeNames(relay)).containsExactly("auth-relay");
        assertThat(relay.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
        X509Certificate service = leaf(certificates.side(LocalCertificates.AUTH_SERVICE));
        assertThat(alternativeNames(service)).containsExactly("auth-service", "localhost", "127.0.0.1");
        assertThat(service.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
    }

    /**
     * The HTTPS servers' PEM files (what Quarkus reads): owner-only, the key the one the chain's leaf
     * certifies (a signature it makes verifies with the leaf's key), the leaf for the server's role
     * and host names, then the local CA.
     */
    @Test
    void theHttpsServersPemFilesAreTheirOwnKeyAndChain() throws Exception {
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificates.caCertificate())));
        for (String server : List.of(LocalCertificates.AUTH_SERVICE, LocalCertificates.JWT_VERIFIER)) {
            LocalCertificates.ServerPem pem = certificates.serverPem(server);
            for (Path file : List.of(pem.certificateFile(), pem.keyFile())) {
                assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            }
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem.certificateFile()))).stream()
                    .map(X509Certificate.class::cast).toList();
            assertThat(chain).hasSize(2);
            assertThat(chain.get(1)).isEqualTo(ca);
            chain.get(0).verify(ca.getPublicKey());
            assertThat(alternativeNames(chain.get(0))).containsExactly(server, "localhost", "127.0.0.1");
            assertThat(chain.get(0).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
            String base64 = Files.readString(pem.keyFile()).replaceAll("-----[A-Z ]+-----|\\s", "");
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(server.getBytes(StandardCharsets.UTF_8));
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(chain.get(0).getPublicKey());
            verifier.update(server.getBytes(StandardCharsets.UTF_8));
            assertThat(verifier.verify(signature)).as(server + "'s key is its certificate's").isTrue();
        }
    }

    /** A folder an earlier version made (certificates for localhost on both sides, no record of roles) is made again. */
    @Test
    void certificatesOfAnEarlierSchemeAreIssuedAgain(@TempDir Path earlier) throws Exception {
        LocalCertificates old = new LocalCertificates(earlier);
        old.ensure();
        Files.delete(earlier.resolve("tls/issued"));
        byte[] before = Files.readAllBytes(old.side(LocalCertificates.AUTH_RELAY).keyStoreFile());
        old.ensure();
        assertThat(Files.readAllBytes(old.side(LocalCertificates.AUTH_RELAY).keyStoreFile())).isNotEqualTo(before);
        assertThat(Files.exists(earlier.resolve("tls/issued"))).isTrue();
    }
}
