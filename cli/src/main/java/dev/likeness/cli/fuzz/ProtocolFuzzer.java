package dev.likeness.cli.fuzz;

import dev.likeness.client.ProtocolConnection;
import dev.likeness.crypto.FrameBinding;
import dev.likeness.crypto.ImageEnvelope;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.Frame;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.ProtocolVersion;
import dev.likeness.proto.v1.ServerMessage;
import dev.likeness.proto.v1.Start;
import dev.likeness.proto.v1.Stop;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends generated, mostly broken client messages to a running gateway, one connection per case,
 * and holds every connection to the protocol's promise: it ends with an Error carrying a code and
 * a normal close, or (when the spoiled messages happened to be harmless) the session is alive and
 * a Stop closes it normally. A close without a code, an abnormal close or a connection left open
 * is a finding. Case {@code i} of seed {@code s} is the same messages every time, so a finding can
 * be replayed. It is longer than a class here should be because a case's messages and the verdict
 * on its connection are read together, message by message; the mutations live in {@link Mutations}.
 */
public final class ProtocolFuzzer {

    /** Mints a user token as the customer's backend would (every case needs a fresh one: tokens are single-use). */
    public interface Tokens {
        String mint(String username, Operation operation, String transactionData) throws Exception;
    }

    /** The gateway and the customer the cases pose as. */
    public record Target(URI gateway, String customer, String keyId, PublicKey imageKey, byte[] faceJpeg, Tokens tokens) {
    }

    /** Something the protocol does not allow to happen. */
    public record Finding(int caseIndex, String kind, String mutations, String what) {
    }

    /** What a run sent and saw. */
    public record Report(long seed, int cases, int messages, Map<String, Integer> outcomes, Map<String, Integer> mutations,
                         List<Finding> findings, Duration elapsed) {
    }

    /** The shape of a case. */
    enum Kind { BAD_START, BAD_FRAMES, BAD_STOP, RANDOM_BYTES, OUT_OF_ORDER }

    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final String TRANSACTION_DATA = "fuzz";

    private final Target target;
    private final long seed;
    private final int parallelism;

    public ProtocolFuzzer(Target target, long seed, int parallelism) {
        this.target = target;
        this.seed = seed;
        this.parallelism = parallelism;
    }

    public long seed() {
        return seed;
    }

    /** The same fuzzer with another seed. */
    public ProtocolFuzzer withSeed(long otherSeed) {
        return new ProtocolFuzzer(target, otherSeed, parallelism);
    }

    /** Runs cases until at least {@code messages} client messages have been sent. */
    public Report run(int messages) throws Exception {
        long began = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger nextCase = new AtomicInteger();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        Map<String, Integer> mutations = new ConcurrentHashMap<>();
        List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
        ExecutorService workers = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int worker = 0; worker < parallelism; worker++) {
                running.add(workers.submit(() -> {
                    while (sent.get() < messages) {
                        int index = nextCase.getAndIncrement();
                        Case result = runCase(index);
                        sent.addAndGet(result.sent);
                        outcomes.merge(result.outcome, 1, Integer::sum);
                        result.mutations.forEach(mutation -> mutations.merge(mutation, 1, Integer::sum));
                        result.finding.ifPresent(findings::add);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
        List<Finding> ordered = new ArrayList<>(findings);
        ordered.sort(Comparator.comparingInt(Finding::caseIndex));
        return new Report(seed, nextCase.get(), sent.get(), new TreeMap<>(outcomes), new TreeMap<>(mutations), ordered,
                Duration.ofNanos(System.nanoTime() - began));
    }

    /** One case's tally. */
    private static final class Case {
        int sent;
        String outcome = "none";
        final List<String> mutations = new ArrayList<>();
        Optional<Finding> finding = Optional.empty();
    }

    Case runCase(int index) {
        Random random = new Random(seed * 1_000_003L + index);
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        Case result = new Case();
        String username = "fuzz-" + Long.toHexString(seed) + "-" + index;
        try (ProtocolConnection connection = ProtocolConnection.open(target.gateway(), ANSWER)) {
            send(kind, random, username, connection, result); // cut short or not, settle reads how the server ended it
            settle(index, kind, connection, result);
        } catch (Exception e) {
            result.outcome = "client_error";
            result.finding = Optional.of(new Finding(index, kind.name(), String.join(",", result.mutations),
                    "the case could not run: " + e));
        }
        return result;
    }

    /** Sends the case's messages; false when the server ended the session before they were all sent. */
    private boolean send(Kind kind, Random random, String username, ProtocolConnection connection, Case result) throws Exception {
        Operation operation = random.nextBoolean() ? Operation.ENROLL : Operation.AUTH;
        switch (kind) {
            case BAD_START -> {
                Mutations.Mutated start = Mutations.start(validStart(username, operation), random);
                return sendMutated(connection, start, result);
            }
            case BAD_FRAMES -> {
                if (!startedWell(connection, username, operation, result)) {
                    return false;
                }
                int frames = 1 + random.nextInt(3);
                for (int sequence = 1; sequence <= frames; sequence++) {
                    Frame valid = validFrame(connection.sessionId(), sequence);
                    boolean spoil = sequence == frames || random.nextBoolean();
                    boolean delivered = spoil ? sendMutated(connection, Mutations.frame(valid, random), result)
                            : sendBytes(connection, ClientMessage.newBuilder().setFrame(valid).build().toByteArray(), result);
                    if (!delivered) {
                        return false;
                    }
                }
                return true;
            }
            case BAD_STOP -> {
                if (!startedWell(connection, username, operation, result)
                        || !sendBytes(connection, ClientMessage.newBuilder().setFrame(validFrame(connection.sessionId(),
                        1)).build().toByteArray(), result)) {
                    return false;
                }
                return sendMutated(connection, Mutations.stop(random), result);
            }
            case RANDOM_BYTES -> {
                if (random.nextBoolean() && !startedWell(connection, username, operation, result)) {
                    return false;
                }
                return sendMutated(connection, Mutations.randomBytes(random), result);
            }
            default -> {
                return outOfOrder(random, username, operation, connection, result);
            }
        }
    }

    private boolean outOfOrder(Random random, String username, Operation operation, ProtocolConnection connection,
            Case result) throws Exception {
        switch (random.nextInt(5)) {
            case 0 -> {
                result.mutations.add("frame_before_start");
                return sendBytes(connection, ClientMessage.newBuilder().setFrame(validFrame("no-session", 1)).build().toByteArray(),
                        result);
            }
            case 1 -> {
                result.mutations.add("stop_before_start");
                return sendBytes(connection, ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build().toByteArray(), result);
            }
            case 2 -> {
                result.mutations.add("second_start");
                return startedWell(connection, username, operation, result)
                        && sendBytes(connection, ClientMessage.newBuilder().setStart(validStart(username,
                        operation)).build().toByteArray(), result);
            }
            case 3 -> {
                result.mutations.add("text_message");
                connection.sendText("{\"start\":{}}");
                result.sent++;
                return true;
            }
            default -> {
                result.mutations.add("empty_client_message");
                return sendBytes(connection, new byte[0], result);
            }
        }
    }

    /** A valid Start with a fresh token; true once Ready came (otherwise the answer is the outcome). */
    private boolean startedWell(ProtocolConnection connection, String username, Operation operation, Case result) throws Exception {
        if (!sendBytes(connection, ClientMessage.newBuilder().setStart(validStart(username, operation)).build().toByteArray(), result)) {
            return false;
        }
        Optional<ServerMessage> answer = connection.next(ANSWER);
        if (answer.isPresent() && answer.get().hasReady()) {
            return true;
        }
        result.outcome = answer.map(m -> m.hasError() ? m.getError().getCode().name() : m.getKindCase().name()).orElse("no_ready");
        return false;
    }

    private Start validStart(String username, Operation operation) throws Exception {
        return Start.newBuilder()
                .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                .setCustomer(target.customer())
                .setUsername(username)
                .setOperation(operation)
                .setTransactionData(TRANSACTION_DATA)
                .setAuthorizationToken(target.tokens().mint(username, operation, TRANSACTION_DATA))
                .setKeyId(target.keyId())
                .build();
    }

    private Frame validFrame(String sessionId, long sequence) {
        return Frame.newBuilder().setSequence(sequence).setCapturedAtMs(System.currentTimeMillis())
                .setImage(ImageEnvelope.seal(target.faceJpeg(), target.imageKey(), FrameBinding.associatedData(sessionId, sequence)))
                .build();
    }

    private static boolean sendMutated(ProtocolConnection connection, Mutations.Mutated message, Case result) {
        result.mutations.add(message.mutation());
        return sendBytes(connection, message.bytes(), result);
    }

    /** False when the socket was closed under it (the server ended the session first). */
    private static boolean sendBytes(ProtocolConnection connection, byte[] bytes, Case result) {
        if (!connection.isOpen()) {
            return false;
        }
        try {
            connection.sendBytes(bytes);
            result.sent++;
            return true;
        } catch (CompletionException closedMeanwhile) {
            return false;
        }
    }

    /**
     * Reads what the server says until it ends the session or falls quiet; a session still alive
     * then is stopped with a valid Stop. Whatever happens must end in a normal close. Credit
     * messages are not talk about this session: the gateway sends them whenever other sessions
     * start, end or take turns, so under load they never fall quiet; they neither reset the quiet
     * clock nor count as the session going on.
     */
    private void settle(int index, Kind kind, ProtocolConnection connection, Case result) throws Exception {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        long quietFrom = System.nanoTime();
        Map<ServerMessage.KindCase, Integer> heard = new EnumMap<>(ServerMessage.KindCase.class);
        while (System.nanoTime() < deadline) {
            long quietLeft = QUIET.toNanos() - (System.nanoTime() - quietFrom);
            Optional<ServerMessage> message = quietLeft > 0 ? connection.next(Duration.ofNanos(quietLeft)) : Optional.empty();
            message.ifPresent(m -> heard.merge(m.getKindCase(), 1, Integer::sum));
            if (message.isPresent() && message.get().hasError()) {
                result.outcome = message.get().getError().getCode().name();
                expectNormalClose(index, kind, connection, result, "after " + result.outcome);
                return;
            }
            if (message.isPresent() && message.get().hasFinished()) {
                result.outcome = "finished";
                expectNormalClose(index, kind, connection, result, "after finished");
                return;
            }
            if (message.isPresent()) {
                if (!message.get().hasCredit()) {
                    quietFrom = System.nanoTime();
                }
                continue;
            }
            if (connection.closed().isDone()) {
                expectNormalClose(index, kind, connection, result, "without an Error");
                if (result.outcome.equals("none")) { // otherwise the outcome came with Start's answer
                    result.outcome = "closed_normally";
                }
                return;
            }
            // Quiet and open: the spoiled messages were harmless to this session; it must stop cleanly.
            connection.send(ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build());
            result.sent++;
            result.outcome = "alive_then_stopped";
            expectNormalClose(index, kind, connection, result, "after a valid Stop");
            return;
        }
        result.outcome = "hang";
        result.finding = Optional.of(new Finding(index, kind.name(), String.join(",", result.mutations),
                "the server kept talking for " + ANSWER.toSeconds() + " s without ending the session (heard " + heard + ")"));
    }

    private static void expectNormalClose(int index, Kind kind, ProtocolConnection connection, Case result, String when) {
        try {
            ProtocolConnection.Closed closed = connection.closed().get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            if (closed.code() != 1000) {
                result.finding = Optional.of(new Finding(index, kind.name(), String.join(",", result.mutations),
                        "closed " + when + " with status " + closed.code() + " (" + closed.reason() + ")"));
            }
        } catch (Exception e) {
            result.finding = Optional.of(new Finding(index, kind.name(), String.join(",", result.mutations),
                    "not closed " + when + " within " + ANSWER.toSeconds() + " s: " + e));
        }
    }
}
