package dev.likeness.demo;

import dev.likeness.crypto.PemKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Comparator;
import java.util.Map;

/** Fresh keys of a demo customer in a temporary folder, and a verifier address where nothing listens. */
public class DemoKeysResource implements QuarkusTestResourceLifecycleManager {

    private Path folder;

    @Override
    public Map<String, String> start() {
        try {
            folder = Files.createTempDirectory("demo-backend-test");
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(256);
            PemKeys.writePrivateKey(ec.generateKeyPair().getPrivate(), folder.resolve("authorization.pem"));
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            PemKeys.writePublicKey(rsa.generateKeyPair().getPublic(), folder.resolve("image.public.pem"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("likeness.demo.authorization-private-key-file", folder.resolve("authorization.pem").toString(),
                "likeness.demo.image-public-key-file", folder.resolve("image.public.pem").toString(),
                "likeness.demo.verifier-url", "http://127.0.0.1:9/v1/verify");
    }

    @Override
    public void stop() {
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
