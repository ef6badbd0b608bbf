package dev.likeness.demo;

import dev.likeness.crypto.PemKeys;
import dev.likeness.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/** Fresh keys of a demo customer in a temporary folder, and a verifier address where nothing listens. */
public class DemoKeysResource implements QuarkusTestResourceLifecycleManager {

    private Path folder;

    @Override
    public Map<String, String> start() {
        try {
            folder = Files.createTempDirectory("demo-backend-test");
            PemKeys.writePrivateKey(TestKeys.ec().getPrivate(), folder.resolve("authorization.pem"));
            PemKeys.writePublicKey(TestKeys.rsa().getPublic(), folder.resolve("image.public.pem"));
            Files.writeString(folder.resolve("verifier.key"), "test-caller-key");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("likeness.demo.authorization-private-key-file", folder.resolve("authorization.pem").toString(),
                "likeness.demo.image-public-key-file", folder.resolve("image.public.pem").toString(),
                "likeness.demo.verifier-url", "http://127.0.0.1:9/v1/verify",
                "likeness.demo.verifier-key-file", folder.resolve("verifier.key").toString());
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
