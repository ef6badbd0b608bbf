package dev.likeness.client;

import dev.likeness.crypto.ImageEnvelope;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Filter;
import dev.likeness.proto.v1.Frame;
import dev.likeness.proto.v1.FrameResult;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.ProtocolVersion;
import dev.likeness.proto.v1.ServerMessage;
import dev.likeness.proto.v1.Start;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A real client of the gateway, as the web SDK will be: sends Start, then camera-paced frames,
 * each encrypted with a fresh key to the customer's image key, until the server ends the session.
 */
public final class SessionClient {

    /** Who the session is for and what it asks. */
    public record Request(String customer, String username, Operation operation, String transactionData,
                          String authorizationToken, String keyId, PublicKey imageKey) {
    }

    private final URI gateway;
    private final Duration frameInterval;
    private final Duration sessionTimeout;

    /**
     * @param framesPerSecond the camera's pace
     * @param sessionTimeout  the client gives up (and reports no outcome) after this long
     */
    public SessionClient(URI gateway, int framesPerSecond, Duration sessionTimeout) {
        this.gateway = gateway;
        this.frameInterval = Duration.ofNanos(1_000_000_000L / framesPerSecond);
        this.sessionTimeout = sessionTimeout;
    }

    /** Runs one session to its end; {@code onResult} sees each frame's result as it arrives. */
    public SessionReport run(Request request, FrameSource frames, Consumer<SessionReport.FrameTiming> onResult) throws Exception {
        long started = System.nanoTime();
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        List<SessionReport.FrameTiming> answered = new ArrayList<>();
        Optional<Long> firstAcceptedSent = Optional.empty();
        int framesSent = 0;
        try (ProtocolConnection connection = ProtocolConnection.open(gateway, Duration.ofSeconds(10))) {
            connection.send(ClientMessage.newBuilder().setStart(Start.newBuilder()
                    .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                    .setCustomer(request.customer())
                    .setUsername(request.username())
                    .setOperation(request.operation())
                    .setTransactionData(request.transactionData())
                    .setAuthorizationToken(request.authorizationToken())
                    .setKeyId(request.keyId())).build());

            long deadline = started + sessionTimeout.toNanos();
            boolean ready = false;
            boolean sending = true;
            long nextFrameAt = System.nanoTime();
            while (System.nanoTime() < deadline) {
                if (ready && sending && System.nanoTime() >= nextFrameAt && connection.isOpen()) {
                    long sequence = framesSent + 1;
                    // Encrypt at "capture" time, as a browser encrypts each frame before sending it.
                    Frame frame = Frame.newBuilder().setSequence(sequence).setCapturedAtMs(System.currentTimeMillis())
                            .setImage(ImageEnvelope.seal(frames.next(), request.imageKey())).build();
                    sentAt.put(sequence, System.nanoTime());
                    try {
                        connection.send(ClientMessage.newBuilder().setFrame(frame).build());
                    } catch (CompletionException closedMeanwhile) {
                        // The server ended the session while this frame was on its way; its last
                        // message is already queued, so stop sending and read it.
                        sentAt.remove(sequence);
                        sending = false;
                        continue;
                    }
                    framesSent++;
                    nextFrameAt += frameInterval.toNanos();
                }
                long wait = ready ? Math.max(1, (nextFrameAt - System.nanoTime()) / 1_000_000) : 200;
                Optional<ServerMessage> message = connection.next(Duration.ofMillis(Math.min(wait, 200)));
                if (message.isEmpty()) {
                    if (connection.closed().isDone()) {
                        return report(Optional.empty(), Optional.empty(), "the server closed the socket without an outcome",
                                framesSent, answered, started, firstAcceptedSent);
                    }
                    continue;
                }
                ServerMessage m = message.get();
                switch (m.getKindCase()) {
                    case READY -> ready = true;
                    case FRAME_RESULT -> {
                        FrameResult result = m.getFrameResult();
                        Long sent = sentAt.remove(result.getSequence());
                        if (sent == null) {
                            continue;
                        }
                        var timing = new SessionReport.FrameTiming(result.getSequence(), sent, System.nanoTime(),
                                result.getAccepted(), result.getFiltersList().stream().filter(Filter::getTriggered).map(Filter::getName).toList());
                        answered.add(timing);
                        if (timing.accepted() && firstAcceptedSent.isEmpty()) {
                            firstAcceptedSent = Optional.of(sent);
                        }
                        onResult.accept(timing);
                    }
                    case FINISHED -> {
                        return report(Optional.of(m.getFinished().getTransactionJwt()), Optional.empty(), "",
                                framesSent, answered, started, firstAcceptedSent);
                    }
                    case ERROR -> {
                        return report(Optional.empty(), Optional.of(m.getError().getCode()), m.getError().getMessage(),
                                framesSent, answered, started, firstAcceptedSent);
                    }
                    case KIND_NOT_SET -> {
                        // nothing to do with an empty message
                    }
                }
            }
            return report(Optional.empty(), Optional.empty(), "no outcome within " + sessionTimeout.toSeconds() + " s",
                    framesSent, answered, started, firstAcceptedSent);
        }
    }

    private static SessionReport report(Optional<String> jwt, Optional<ErrorCode> error, String message, int framesSent,
                                        List<SessionReport.FrameTiming> answered, long started, Optional<Long> firstAccepted) {
        return new SessionReport(jwt, error, message, framesSent, List.copyOf(answered), started, System.nanoTime(), firstAccepted);
    }
}
