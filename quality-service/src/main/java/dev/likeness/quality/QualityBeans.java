package dev.likeness.quality;

import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.quality.filters.FrameQualityInspector;
import dev.likeness.vision.EyeLandmarker;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.UndecodableImageException;
import dev.likeness.vision.WarmUpPortrait;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds the framework-free parts from configuration, eagerly: a bad key file stops start-up, and
 * the face models are loaded and the frame path run on a bundled portrait before the first frame.
 */
public class QualityBeans {

    private static final Logger LOG = Logger.getLogger(QualityBeans.class);

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
    FrameQualityInspector inspector(QualityConfig config) {
        LOG.infof("judging frames on %d consumer(s) of group quality", requireConsumers(config.consumers()));
        FrameQualityInspector inspector = new FrameQualityInspector(FaceFinder.withModels(), new EyeLandmarker());
        warmUp(inspector, config.warmUpFrames());
        return inspector;
    }

    /**
     * Fails start-up on fewer than one consumer: the Kafka connector would quietly run one, not the
     * number an operator meant to set.
     */
    static int requireConsumers(int consumers) {
        if (consumers < 1) {
            throw new IllegalStateException("likeness.quality.consumers must be at least 1, not " + consumers);
        }
        return consumers;
    }

    private static void warmUp(FrameQualityInspector inspector, int frames) {
        if (frames <= 0) {
            return;
        }
        byte[] portrait = WarmUpPortrait.jpeg();
        long started = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            try (FrameImage frame = FrameImage.decode(portrait)) {
                inspector.inspect(frame);
            } catch (UndecodableImageException e) {
                throw new IllegalStateException("the bundled warm-up portrait does not decode", e);
            }
        }
        LOG.infof("warmed the quality filters on %d frames in %d ms", frames, (System.nanoTime() - started) / 1_000_000);
    }

}
