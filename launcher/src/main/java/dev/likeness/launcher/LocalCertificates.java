package dev.likeness.launcher;

import dev.likeness.crypto.TlsMaterial;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local deployment's TLS: a CA of its own and a certificate per role (EC P-256), made with the
 * JDK's keytool on first use, kept in {@code keys/tls/} (owner-only files). gRPC between auth-relay
 * and auth-service is mutual: auth-service's is a server certificate for {@code auth-service} and
 * localhost, auth-relay's a client certificate naming {@code auth-relay} (no host), so neither can
 * act as the other, and auth-service accepts only clients this CA signed, and of those only the one
 * named auth-relay. auth-service (JWKS, admin API) and jwt-verifier (verdicts) serve HTTPS with
 * their server certificates, also written as PEM for Quarkus; their clients trust {@link #caCertificate()}.
 */
public final class LocalCertificates {

    public static final String AUTH_SERVICE = "auth-service";
    public static final String AUTH_RELAY = "auth-relay";
    public static final String JWT_VERIFIER = "jwt-verifier";

    // Written last by ensure(): the certificates' roles as this version issues them. A folder
    // made by a version that issued them otherwise (or left half-made) is made again.
    private static final String ISSUED = "issued";
    private static final String ROLES = "auth-service: serverAuth dns:auth-service,dns:localhost,ip:127.0.0.1; "
            + "auth-relay: clientAuth dns:auth-relay; jwt-verifier: serverAuth dns:jwt-verifier,dns:localhost,ip:127.0.0.1; "
            + "PEM: auth-service, jwt-verifier";

    private final Path folder;

    public LocalCertificates(Path keys) {
        this.folder = keys.resolve("tls");
    }

    /** The stores of one side, as the services configure them. */
    public record Side(Path keyStoreFile, Path trustStoreFile, Path storePasswordFile) implements TlsMaterial.Files {
    }

    public Side side(String name) {
        return new Side(folder.resolve(name + ".p12"), folder.resolve("trust.p12"), folder.resolve("store-password"));
    }

    /** A server's HTTPS certificate chain and private key, as PEM files (quarkus.http.ssl.certificate.files and key-files). */
    public record ServerPem(Path certificateFile, Path keyFile) {
    }

    /** The PEM files of {@link #AUTH_SERVICE}'s or {@link #JWT_VERIFIER}'s server certificate. */
    public ServerPem serverPem(String name) {
        return new ServerPem(folder.resolve(name + "-chain.pem"), folder.resolve(name + "-key.pem"));
    }

    public Path caCertificate() {
        return folder.resolve("ca.pem");
    }

    /** Makes the CA and both sides' certificates unless this version made them already. */
    public void ensure() throws IOException, InterruptedException {
        Path issued = folder.resolve(ISSUED);
        if (Files.exists(issued) && Files.readString(issued).equals(ROLES)) {
            return;
        }
        Files.createDirectories(folder);
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        secret(folder.resolve("store-password"), password);
        for (String stale : List.of(ISSUED, "ca.p12", "ca.pem", "trust.p12")) {
            Files.deleteIfExists(folder.resolve(stale));
        }
        keytool(password, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Likeness local CA",
                "-ext", "bc:c=ca:true", "-ext", "KeyUsage=keyCertSign,cRLSign", "-validity", "3650", "-keystore", "ca.p12", "-storetype",
                "PKCS12");
        keytool(password, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12", "-storetype", "PKCS12");
        certificate(password, AUTH_SERVICE, "serverAuth", "dns:auth-service,dns:localhost,ip:127.0.0.1");
        certificate(password, AUTH_RELAY, "clientAuth", "dns:" + AUTH_RELAY);
        certificate(password, JWT_VERIFIER, "serverAuth", "dns:jwt-verifier,dns:localhost,ip:127.0.0.1");
        for (String server : List.of(AUTH_SERVICE, JWT_VERIFIER)) {
            writePem(password, server);
        }
        for (String file : List.of("ca.p12", "trust.p12")) {
            Files.setPosixFilePermissions(folder.resolve(file), PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(issued, ROLES);
    }

    /**
     * A further certificate of this CA, in {@code <name>.p12} with the stores' password: {@code usage}
     * is the extended key usage ({@code clientAuth}, {@code serverAuth}), {@code subjectAltNames}
     * keytool's SAN list (e.g. {@code dns:auth-relay}). What an operator does for another client,
     * and what a test does to be a client the CA signed that is not auth-relay.
     */
    public Side issue(String name, String usage, String subjectAltNames) throws IOException, InterruptedException {
        ensure();
        certificate(Files.readString(folder.resolve("store-password")).trim(), name, usage, subjectAltNames);
        return new Side(folder.resolve(name + ".p12"), folder.resolve("trust.p12"), folder.resolve("store-password"));
    }

    /**
     * A further server certificate of this CA for {@code subjectAltNames}, in {@code <name>.p12} and
     * as PEM files: what a database or a broker serves TLS with.
     */
    public ServerPem issueServerPem(String name, String subjectAltNames) throws IOException, InterruptedException {
        issue(name, "serverAuth", subjectAltNames);
        writePem(Files.readString(folder.resolve("store-password")).trim(), name);
        return serverPem(name);
    }

    private void certificate(String password, String name, String usage, String subjectAltNames) throws IOException, InterruptedException {
        String store = name + ".p12";
        for (String stale : List.of(store, name + ".pem")) {
            Files.deleteIfExists(folder.resolve(stale));
        }
        keytool(password, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "825", "-keystore", store, "-storetype", "PKCS12");
        keytool(password, "-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
        keytool(password, "-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr", "-outfile", name + ".pem",
                "-validity", "825", "-ext", "EKU=" + usage, "-ext", "KeyUsage=digitalSignature", "-ext", "SAN=" + subjectAltNames);
        keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
        keytool(password, "-importcert", "-alias", name, "-file", name + ".pem", "-keystore", store);
        Files.deleteIfExists(folder.resolve(name + ".csr"));
        Files.setPosixFilePermissions(folder.resolve(store), PosixFilePermissions.fromString("rw-------"));
    }

    /** The key store's chain (leaf first, then the CA) and its PKCS#8 private key, as PEM. */
    private void writePem(String password, String name) throws IOException {
        try (InputStream in = Files.newInputStream(folder.resolve(name + ".p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            StringBuilder chain = new StringBuilder();
            for (Certificate certificate : store.getCertificateChain(name)) {
                chain.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            ServerPem pem = serverPem(name);
            secret(pem.certificateFile(), chain.toString());
            secret(pem.keyFile(), pem("PRIVATE KEY", store.getKey(name, password.toCharArray()).getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot export " + name + "'s certificate as PEM", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private void keytool(String password, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        // The password reaches keytool through its environment, never its command line (visible in ps).
        command.addAll(List.of("-storepass:env", "LIKENESS_STORE_PASSWORD"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().put("LIKENESS_STORE_PASSWORD", password);
        Process keytool = builder.start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool " + arguments[0] + " failed: " + output);
        }
    }

    private static void secret(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }
}
