package dev.likeness.quality;

import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.quality.filters.FrameQualityInspector;
import dev.likeness.vision.EyeLandmarker;
import dev.likeness.vision.FaceFinder;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds the framework-free parts from configuration, eagerly: a bad key file stops start-up, and the face models are loaded and warmed before the first frame. */
public class QualityBeans {

    @Produces
    @Startup
    @ApplicationScoped
    ImageKeyRing imageKeys(QualityConfig config) {
        try {
            return ImageKeyRing.load(config.imageKeys());
        } catch (IOException e) {
            throw new UncheckedIOException("image keys unreadable", e);
        }
    }

    @Produces
    @Startup
    @ApplicationScoped
    FrameQualityInspector inspector() {
        return new FrameQualityInspector(FaceFinder.withModels(), EyeLandmarker.withModels());
    }
}
