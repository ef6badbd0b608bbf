package dev.likeness.quality.processor;

import dev.likeness.crypto.PemKeys;
import dev.likeness.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;

/** The demo customer's image key and in-memory channels in place of Kafka (the system tests use the broker). */
public class QualityTestResources implements QuarkusTestResourceLifecycleManager {

    static KeyPair imageKey;

    @Override
    public Map<String, String> start() {
        try {
            imageKey = TestKeys.rsa();
            Path keyFile = Files.createTempFile("quality-test-image-key", ".pem");
            keyFile.toFile().deleteOnExit(); // nothing left in the temporary folder after the run
            PemKeys.writePrivateKey(imageKey.getPrivate(), keyFile);
            Map<String, String> config = new HashMap<>();
            config.put("likeness.quality.image-keys.k1.customer", "demo");
            config.put("likeness.quality.image-keys.k1.private-key-file", keyFile.toString());
            config.put("likeness.quality.frame-deadline", "5s");
            config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("frames"));
            config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("session-events", "frames-accepted"));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
