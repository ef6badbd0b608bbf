package dev.likeness.gateway.session;

import dev.likeness.proto.v1.SessionContext;
import io.quarkus.websockets.next.WebSocketConnection;

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

    GatewaySession(WebSocketConnection connection) {
        this.connection = connection;
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

    /** AWAITING_START -> STREAMING; false if the session was not awaiting its start. */
    boolean start(SessionContext started) {
        this.context = started;
        return state.compareAndSet(State.AWAITING_START, State.STREAMING);
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
