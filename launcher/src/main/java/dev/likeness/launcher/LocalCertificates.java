package dev.likeness.launcher;

import dev.likeness.crypto.TlsMaterial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local deployment's TLS for gRPC between auth-relay and auth-service: a CA of its own and a
 * certificate for each side (EC P-256), made with the JDK's keytool on first use, kept in
 * {@code keys/tls/} (owner-only files). auth-service's is a server certificate for localhost,
 * auth-relay's a client certificate: auth-service accepts only clients this CA signed.
 */
public final class LocalCertificates {

    public static final String AUTH_SERVICE = "auth-service";
    public static final String AUTH_RELAY = "auth-relay";

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

    public Path caCertificate() {
        return folder.resolve("ca.pem");
    }

    /** Makes the CA and both sides' certificates unless they exist. */
    public void ensure() throws IOException, InterruptedException {
        if (Files.exists(side(AUTH_SERVICE).keyStoreFile()) && Files.exists(side(AUTH_RELAY).keyStoreFile())) {
            return;
        }
        Files.createDirectories(folder);
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        secret(folder.resolve("store-password"), password);
        for (String stale : List.of("ca.p12", "ca.pem", "trust.p12", AUTH_SERVICE + ".p12", AUTH_RELAY + ".p12")) {
            Files.deleteIfExists(folder.resolve(stale));
        }
        keytool(password, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Likeness local CA",
                "-ext", "bc:c=ca:true", "-ext", "KeyUsage=keyCertSign,cRLSign", "-validity", "3650", "-keystore", "ca.p12", "-storetype",
                "PKCS12");
        keytool(password, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12", "-storetype", "PKCS12");
        certificate(password, AUTH_SERVICE, "serverAuth");
        certificate(password, AUTH_RELAY, "clientAuth");
        for (String file : List.of("ca.p12", "trust.p12", AUTH_SERVICE + ".p12", AUTH_RELAY + ".p12")) {
            Files.setPosixFilePermissions(folder.resolve(file), PosixFilePermissions.fromString("rw-------"));
        }
    }

    private void certificate(String password, String name, String usage) throws IOException, InterruptedException {
        String store = name + ".p12";
        keytool(password, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "825", "-keystore", store, "-storetype", "PKCS12");
        keytool(password, "-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
        keytool(password, "-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr", "-outfile", name + ".pem",
                "-validity", "825", "-ext", "EKU=" + usage, "-ext", "KeyUsage=digitalSignature", "-ext", "SAN=dns:localhost,ip:127.0.0.1");
        keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
        keytool(password, "-importcert", "-alias", name, "-file", name + ".pem", "-keystore", store);
        Files.deleteIfExists(folder.resolve(name + ".csr"));
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
