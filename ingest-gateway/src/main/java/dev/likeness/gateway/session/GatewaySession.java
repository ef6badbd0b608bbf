package dev.likeness.gateway.session;

import dev.likeness.proto.v1.SessionContext;
import io.quarkus.websockets.next.WebSocketConnection;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** One WebSocket's attempt: its state and, once started, the verified session context. */
public final class GatewaySession {

    /** Where the attempt is; it only moves forward. */
    public enum State { AWAITING_START, STREAMING, ENDED }

    private final WebSocketConnection connection;
    private final AtomicReference<State> state = new AtomicReference<>(State.AWAITING_START);
    private volatile SessionContext context;
    private volatile long lastSequence;
    private volatile long timeoutTimerId = -1;
    private FrameCredit credit;
    /** System.nanoTime() when the first accepted frame's result went out; 0 before. */
    private long firstAcceptedAt;
    private volatile boolean framePublished;
    private final long openedAt = System.nanoTime();
    private volatile long lastMessageAt = openedAt;
    private final Optional<String> origin;
    private final String source;
    // Two seconds of frames and Withheld messages (each stands for a camera frame), for the rate
    // limit; all frames, for the per-session cap.
    private final FrameRateWindow frameRate = new FrameRateWindow(2_000_000_000L);
    private final AtomicLong framesReceived = new AtomicLong();

    GatewaySession(WebSocketConnection connection, String source) {
        this.connection = connection;
        this.origin = Optional.ofNullable(connection.handshakeRequest().header("Origin"));
        this.source = source;
    }

    /** The client address the connection counts against (see {@link ClientSource}). */
    String source() {
        return source;
    }

    /** The browser page's origin as the handshake gave it; empty for a client that sends none. */
    public Optional<String> origin() {
        return origin;
    }

    long openedAt() {
        return openedAt;
    }

    long lastMessageAt() {
        return lastMessageAt;
    }

    /** The client sent something, or was granted credit again: the idle timeout counts from here. */
    void heardFrom(long now) {
        lastMessageAt = now;
    }

    /** What the frame limits look at: frames in the last two seconds, and this session's total. */
    record FramesReceived(long inLastTwoSeconds, long total) {
    }

    /** Counts a received frame. */
    FramesReceived frameReceived(long now) {
        return new FramesReceived(frameRate.record(now), framesReceived.incrementAndGet());
    }

    /** Counts a Withheld (a frame the client kept back) towards the rate only; returns the window's count. */
    long withheldReceived(long now) {
        return frameRate.record(now);
    }

    public WebSocketConnection connection() {
        return connection;
    }

    public State state() {
        return state.get();
    }

    public SessionContext context() {
        return context;
    }

    /** AWAITING_START -> STREAMING with the flow-control credit Ready announces; false if the session was not awaiting its start. */
    boolean start(SessionContext started, FrameCredit frameCredit) {
        synchronized (this) {
            this.credit = frameCredit;
        }
        this.context = started;
        return state.compareAndSet(State.AWAITING_START, State.STREAMING);
    }

    /** Takes a received frame into flight; false when it is beyond the credit. */
    synchronized boolean admit(long sequence, long now) {
        return credit.admit(sequence, now);
    }

    synchronized int framesBeyondCredit() {
        return credit.refused();
    }

    /**
     * The frame's result is going out: frees its credit, and notes the first accepted frame.
     * Returns when the frame was received, if it was still in flight.
     */
    synchronized OptionalLong answered(long sequence, boolean accepted, long now) {
        if (accepted && firstAcceptedAt == 0) {
            firstAcceptedAt = now;
        }
        return credit.answered(sequence);
    }

    /** System.nanoTime() of the first accepted frame's result, if there was one. */
    synchronized OptionalLong firstAcceptedAt() {
        return firstAcceptedAt == 0 ? OptionalLong.empty() : OptionalLong.of(firstAcceptedAt);
    }

    /** A frame of this session went to likeness.frames: the pipeline may hold state for the session from now on. */
    void framePublished() {
        framePublished = true;
    }

    boolean anyFramePublished() {
        return framePublished;
    }

    /** Moves to ENDED; true only for the one caller that ended it. */
    boolean end() {
        return state.getAndSet(State.ENDED) != State.ENDED;
    }

    /** Frame sequence numbers must increase; a replayed or reordered frame is refused. */
    boolean acceptSequence(long sequence) {
        if (sequence <= lastSequence) {
            return false;
        }
        lastSequence = sequence;
        return true;
    }

    long timeoutTimerId() {
        return timeoutTimerId;
    }

    void timeoutTimerId(long id) {
        this.timeoutTimerId = id;
    }
}
