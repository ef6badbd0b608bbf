package dev.likeness.quality;

import dev.likeness.crypto.ImageKeyRing;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** Configuration of a quality worker, under {@code likeness.quality}. */
@ConfigMapping(prefix = "likeness.quality")
public interface QualityConfig {

    /**
     * A frame older than this when a worker reaches it is dropped and counted, not judged: its
     * user has moved on, and answering it would only delay fresher frames.
     */
    @WithDefault("5s")
    Duration frameDeadline();

    /**
     * Frames of a bundled portrait judged at start-up, before the worker reports ready, so the JIT
     * has compiled the frame path when users arrive; 0 skips it.
     */
    @WithDefault("60")
    int warmUpFrames();

    /**
     * The most pixels a frame's image may declare (width x height, read from its header before
     * decoding; never more than 4096 a side). Larger frames end their session with
     * SERVER_IMAGE_TOO_LARGE: a few kilobytes of JPEG can declare gigabytes of pixels.
     */
    @WithDefault("8388608")
    long maxFramePixels();

    /**
     * Consumers of group {@code quality} this worker runs, each judging its partitions' frames on a
     * thread of its own: the cores the worker may use (its CPU request), never more than the
     * partitions of likeness.frames among all workers (a consumer beyond them idles). Default 1, in
     * application.properties, where the Kafka channel's {@code concurrency} reads it.
     */
    int consumers();

    /** The image-encryption private keys, by key id. */
    Map<String, ImageKey> imageKeys();

    /** {@code .customer} and {@code .private-key-file} of one key id (see ImageKeyRing.KeyFile). */
    interface ImageKey extends ImageKeyRing.KeyFile {
        @Override
        @WithDefault("false")
        boolean retired();
    }
}
