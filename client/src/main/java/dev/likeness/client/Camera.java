package dev.likeness.client;

import dev.likeness.proto.v1.Challenge;
import dev.likeness.proto.v1.Progress;

/**
 * What a client session takes its frames from: a recording (FrameSource), which plays on whatever
 * the server asks, or something in front of a camera that can follow a liveness challenge.
 */
public interface Camera {

    /** The frame the camera shows now, as JPEG: called when a frame may be sent, as a browser captures it. */
    byte[] capture();

    /** The server asked for {@code challenge}; a subject that can follow it starts now. A recording cannot. */
    default void challenged(Challenge challenge) {
    }

    /** The server used a frame (the n-th captured is sequence n): a person sees the progress, and a move counted. */
    default void progressed(Progress progress) {
    }
}
