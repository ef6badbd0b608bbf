package dev.likeness.client;

import dev.likeness.crypto.FrameBinding;
import dev.likeness.crypto.ImageEnvelope;
import dev.likeness.proto.v1.Challenge;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Filter;
import dev.likeness.proto.v1.Frame;
import dev.likeness.proto.v1.FrameResult;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.Progress;
import dev.likeness.proto.v1.ProtocolVersion;
import dev.likeness.proto.v1.ServerMessage;
import dev.likeness.proto.v1.Start;
import dev.likeness.proto.v1.Stop;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A real client of the gateway, as the web SDK is: sends Start, then camera-paced frames within
 * the credit Ready grants ({@link FramePacer}), each encrypted with a fresh key to the customer's
 * image key, until the server ends the session or the client's timeout (then it sends Stop).
 */
public final class SessionClient {

    /** Who the session is for and what it asks. */
    public record Request(String customer, String username, Operation operation, String transactionData,
                          String authorizationToken, String keyId, PublicKey imageKey) {
    }

    private final URI gateway;
    private final Duration frameInterval;
    private final Duration sessionTimeout;
    private final Map<String, String> handshakeHeaders;

    /**
     * @param framesPerSecond the camera's pace
     * @param sessionTimeout  the client gives up (and reports no outcome) after this long
     */
    public SessionClient(URI gateway, int framesPerSecond, Duration sessionTimeout) {
        this(gateway, framesPerSecond, sessionTimeout, Map.of());
    }

    /**
     * A client whose WebSocket handshake carries {@code handshakeHeaders}: the Origin of the page a
     * browser would send, or what a proxy in front of the gateway adds (X-Forwarded-For).
     */
    public SessionClient(URI gateway, int framesPerSecond, Duration sessionTimeout, Map<String, String> handshakeHeaders) {
        this.gateway = gateway;
        this.frameInterval = Duration.ofNanos(1_000_000_000L / framesPerSecond);
        this.sessionTimeout = sessionTimeout;
        this.handshakeHeaders = Map.copyOf(handshakeHeaders);
    }

    /** Runs one session to its end; {@code onResult} sees each frame's result as it arrives. */
    public SessionReport run(Request request, Camera frames, Consumer<SessionReport.FrameTiming> onResult) throws Exception {
        long started = System.nanoTime();
        Outcome outcome = new Outcome(started);
        try (ProtocolConnection connection = ProtocolConnection.open(gateway, Duration.ofSeconds(10), handshakeHeaders)) {
            connection.send(ClientMessage.newBuilder().setStart(Start.newBuilder()
                    .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                    .setCustomer(request.customer())
                    .setUsername(request.username())
                    .setOperation(request.operation())
                    .setTransactionData(request.transactionData())
                    .setAuthorizationToken(request.authorizationToken())
                    .setKeyId(request.keyId())).build());

            long deadline = started + sessionTimeout.toNanos();
            FramePacer pacer = null;
            String sessionId = "";
            boolean sending = true;
            while (System.nanoTime() < deadline) {
                long now = System.nanoTime();
                if (pacer != null && sending && pacer.maySend(now) && connection.isOpen()) {
                    long sequence = outcome.framesSent + 1;
                    // Captured and encrypted when a credit allows it, as a browser does: never a queued frame;
                    // bound to this session and place (FrameBinding), so it cannot be replayed elsewhere.
                    Frame frame = Frame.newBuilder().setSequence(sequence).setCapturedAtMs(System.currentTimeMillis())
                            .setImage(ImageEnvelope.seal(frames.capture(), request.imageKey(), FrameBinding.associatedData(sessionId,
                            sequence)))
                            .build();
                    pacer.sent(sequence, System.nanoTime());
                    try {
                        connection.send(ClientMessage.newBuilder().setFrame(frame).build());
                    } catch (CompletionException closedMeanwhile) {
                        // The server ended the session while this frame was on its way; its last
                        // message is already queued, so stop sending and read it.
                        pacer.answered(sequence);
                        sending = false;
                        continue;
                    }
                    outcome.framesSent++;
                    continue;
                }
                long waitMillis = pacer == null || !sending ? 200 : Math.max(1, Math.min(200, pacer.waitNanos(now) / 1_000_000));
                Optional<ServerMessage> message = connection.next(Duration.ofMillis(waitMillis));
                if (message.isEmpty()) {
                    if (connection.closed().isDone()) {
                        return outcome.report(pacer, Optional.empty(), Optional.empty(), "the server closed the socket without an outcome");
                    }
                    continue;
                }
                ServerMessage m = message.get();
                switch (m.getKindCase()) {
                    case READY -> {
                        sessionId = m.getReady().getSessionId();
                        pacer = new FramePacer(System.nanoTime(), frameInterval.toNanos());
                        pacer.grant(m.getReady().getMaxInFlight(), m.getReady().getFrameResultTimeoutMs());
                        if (m.getReady().hasCredit()) {
                            pacer.credit(m.getReady().getCredit()); // 0: wait for a turn before the first frame
                        }
                    }
                    case CREDIT -> {
                        if (pacer != null) {
                            pacer.credit(m.getCredit().getMaxInFlight());
                        }
                    }
                    case FRAME_RESULT -> {
                        FrameResult result = m.getFrameResult();
                        OptionalLong sent = pacer == null ? OptionalLong.empty() : pacer.answered(result.getSequence());
                        if (sent.isEmpty()) {
                            continue; // timed out already, or never sent: its credit was given back
                        }
                        var timing = new SessionReport.FrameTiming(result.getSequence(), sent.getAsLong(), System.nanoTime(),
                                result.getAccepted(), result.getFiltersList().stream().filter(Filter::getTriggered).map(Filter::getName)
                                .toList());
                        outcome.answered.add(timing);
                        if (timing.accepted() && outcome.firstAcceptedSent.isEmpty()) {
                            outcome.firstAcceptedSent = Optional.of(sent.getAsLong());
                        }
                        onResult.accept(timing);
                    }
                    case PROGRESS -> {
                        outcome.progress.add(m.getProgress());
                        frames.progressed(m.getProgress());
                    }
                    case CHALLENGE -> {
                        outcome.challenge = Optional.of(m.getChallenge());
                        frames.challenged(m.getChallenge());
                    }
                    case FINISHED -> {
                        return outcome.report(pacer, Optional.of(m.getFinished().getTransactionJwt()), Optional.empty(), "");
                    }
                    case ERROR -> {
                        return outcome.report(pacer, Optional.empty(), Optional.of(m.getError().getCode()), m.getError().getMessage());
                    }
                    case KIND_NOT_SET -> {
                        // nothing to do with an empty message
                    }
                }
            }
            if (connection.isOpen()) {
                // The client gives up: say so, as the SDK does, so the server frees the session at once.
                try {
                    connection.send(ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build());
                } catch (CompletionException closedMeanwhile) {
                    // ended by the server in the meantime; nothing to stop
                }
            }
            return outcome.report(pacer, Optional.empty(), Optional.empty(), "no outcome within " + sessionTimeout.toSeconds() + " s");
        }
    }

    /** What a session has done so far. */
    private static final class Outcome {
        final long started;
        final List<SessionReport.FrameTiming> answered = new ArrayList<>();
        final List<Progress> progress = new ArrayList<>();
        Optional<Long> firstAcceptedSent = Optional.empty();
        Optional<Challenge> challenge = Optional.empty();
        int framesSent;

        Outcome(long started) {
            this.started = started;
        }

        SessionReport report(FramePacer pacer, Optional<String> jwt, Optional<ErrorCode> error, String message) {
            long ended = System.nanoTime();
            long cameraFrames = pacer == null ? 0 : pacer.cameraFrames(ended);
            long timedOut = pacer == null ? 0 : pacer.timedOut();
            return new SessionReport(jwt, error, message, framesSent, cameraFrames, timedOut, List.copyOf(answered), started, ended,
                    firstAcceptedSent, List.copyOf(progress), challenge);
        }
    }
}
