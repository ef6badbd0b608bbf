package dev.likeness.quality.processor;

import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.quality.QualityConfig;
import dev.likeness.quality.domain.FrameQualityInspector;
import dev.likeness.vision.FaceDetector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Path;

/** Builds the framework-free parts from configuration; a bad key file stops start-up. */
public class QualityBeans {

    @Produces
    @ApplicationScoped
    ImageKeyRing imageKeys(QualityConfig config) {
        Map<String, Map.Entry<String, Path>> files = new HashMap<>();
        config.imageKeys().forEach((id, key) -> files.put(id, Map.entry(key.customer(), key.privateKeyFile())));
        try {
            return ImageKeyRing.load(files);
        } catch (IOException e) {
            throw new UncheckedIOException("image keys unreadable", e);
        }
    }

    @Produces
    @ApplicationScoped
    FrameQualityInspector inspector() {
        return new FrameQualityInspector(FaceDetector.withBundledCascade());
    }
}
