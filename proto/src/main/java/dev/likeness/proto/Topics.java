package dev.likeness.proto;

/**
 * The Kafka topics of the pipeline. Their record values are the messages in records.proto;
 * the comment there says which message each topic carries and how it is keyed.
 */
public final class Topics {

    /** Encrypted frames from the gateways, keyed by session id. */
    public static final String FRAMES = "likeness.frames";
    /** Frames quality-service accepted, still encrypted, keyed by session id. */
    public static final String FRAMES_ACCEPTED = "likeness.frames-accepted";
    /** Events for a session's client, written to the partition of the gateway holding its socket. */
    public static final String SESSION_EVENTS = "likeness.session-events";

    private Topics() {
    }
}
