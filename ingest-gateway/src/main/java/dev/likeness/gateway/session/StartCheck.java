package dev.likeness.gateway.session;

import dev.likeness.crypto.UserAuthorization;
import dev.likeness.crypto.UserAuthorization.Refusal;
import dev.likeness.gateway.GatewayConfig;
import dev.likeness.gateway.authorization.UserAuthorizationVerifier;
import dev.likeness.proto.Usernames;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.proto.v1.ProtocolVersion;
import dev.likeness.proto.v1.SessionContext;
import dev.likeness.proto.v1.Start;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether a Start may begin a session: the protocol version, the required fields and
 * their lengths, the page's Origin, and the user authorization token, in that order (cheap and
 * unauthenticated checks first). What it admits becomes the session's context.
 */
@ApplicationScoped
public class StartCheck {

    private static final Logger LOG = Logger.getLogger(StartCheck.class);

    private final GatewayConfig config;
    private final UserAuthorizationVerifier authorization;
    private final GatewayMetrics metrics;
    private final SessionDrain drain;
    /** Each customer's Origin allowlist, built once from configuration. */
    private final Map<String, OriginPolicy> originPolicies = new HashMap<>();

    StartCheck(GatewayConfig config, UserAuthorizationVerifier authorization, GatewayMetrics metrics, SessionDrain drain) {
        this.config = config;
        this.drain = drain;
        this.authorization = authorization;
        this.metrics = metrics;
        config.customers().forEach((name, customer) -> originPolicies.put(name,
                new OriginPolicy(customer.allowedOrigins().orElse(List.of()), customer.allowMissingOrigin())));
    }

    /** What a Start comes to: a session to begin, or the reason it may not. */
    sealed interface Outcome {
    }

    /** The Start is admitted: the new session's context, and the customer it belongs to. */
    record Admitted(SessionContext context, GatewayConfig.Customer customer) implements Outcome {
    }

    /** The Start is refused with {@code code}; {@code limit} names the gateway limit it hit, if any. */
    record Refused(Optional<String> limit, ErrorCode code, String message) implements Outcome {

        static Refused because(ErrorCode code, String message) {
            return new Refused(Optional.empty(), code, message);
        }

        static Refused atLimit(String limit, ErrorCode code, String message) {
            return new Refused(Optional.of(limit), code, message);
        }
    }

    /** Checks {@code start}, sent on a connection from {@code origin}. */
    Outcome check(Start start, Optional<String> origin) {
        Optional<Refused> malformed = malformed(start);
        if (malformed.isPresent()) {
            return malformed.get();
        }
        if (drain.draining()) {
            // Before the token is checked: it stays unspent, and the client starts again on another pod.
            return Refused.atLimit("draining", ErrorCode.SERVER_UNAVAILABLE, "this gateway is shutting down: connect again");
        }
        GatewayConfig.Customer customer = config.customers().get(start.getCustomer());
        if (customer != null && !originPolicies.get(start.getCustomer()).allows(origin)) {
            LOG.infof("session start refused for customer %s: origin %s not allowed", start.getCustomer(),
                    origin.map(StartCheck::printable).orElse("(none)"));
            return Refused.atLimit("origin", ErrorCode.SERVER_FORBIDDEN, "this page's origin may not open sessions for this customer");
        }
        String authorizationId;
        try {
            authorizationId = authorization.verify(start.getCustomer(), start.getUsername(),
                    start.getOperation().name().toLowerCase(Locale.ROOT),
                    start.getTransactionData(), start.getAuthorizationToken());
        } catch (UserAuthorization.RefusedException e) {
            metrics.authorizationRefused(e.refusal());
            if (e.refusal() == Refusal.LEDGER_UNAVAILABLE) {
                LOG.warnf("session start refused for customer %s: the used-token ledger is unreachable", start.getCustomer());
                return Refused.because(ErrorCode.SERVER_UNAVAILABLE, "sessions cannot be started right now");
            }
            LOG.infof("session start refused for customer %s: %s", start.getCustomer(), e.refusal());
            return Refused.because(ErrorCode.SERVER_FORBIDDEN, "user authorization refused");
        }
        return new Admitted(context(start, authorizationId), customer);
    }

    /** The checks that need nothing but the message: version, required fields, lengths. */
    private Optional<Refused> malformed(Start start) {
        if (start.getProtocolVersion() != ProtocolVersion.PROTOCOL_VERSION_1) {
            return Optional.of(Refused.because(ErrorCode.SERVER_UNSUPPORTED_PROTOCOL_VERSION, "this server speaks protocol version 1"));
        }
        if (start.getCustomer().isBlank() || start.getUsername().isBlank() || start.getKeyId().isBlank()
                || (start.getOperation() != Operation.ENROLL && start.getOperation() != Operation.AUTH)) {
            return Optional.of(Refused.because(ErrorCode.SERVER_MALFORMED_MESSAGE, "Start needs customer, username, operation and key_id"));
        }
        // Names are canonical (one identity, one lockout each) and cannot forge a log line.
        Optional<String> name = Usernames.problem(start.getUsername()).map(problem -> "username: " + problem)
                .or(() -> Usernames.problem(start.getCustomer()).map(problem -> "customer: " + problem));
        if (name.isPresent()) {
            return Optional.of(Refused.because(ErrorCode.SERVER_MALFORMED_MESSAGE, name.get()));
        }
        int maxField = config.maxStartFieldLength();
        if (start.getCustomer().length() > maxField || start.getUsername().length() > maxField || start.getKeyId().length() > maxField
                || start.getAuthorizationToken().length() > 16 * maxField
                || start.getTransactionDataBytes().size() > config.maxTransactionDataBytes()) {
            return Optional.of(Refused.atLimit("start_field_length", ErrorCode.SERVER_MALFORMED_MESSAGE,
                    "customer, username and key_id take at most " + maxField + " characters, the token " + 16 * maxField
                            + ", transaction data " + config.maxTransactionDataBytes() + " bytes"));
        }
        return Optional.empty();
    }

    private SessionContext context(Start start, String authorizationId) {
        return SessionContext.newBuilder()
                .setSessionId(UUID.randomUUID().toString())
                .setCustomer(start.getCustomer())
                .setUsername(start.getUsername())
                .setOperation(start.getOperation())
                .setTransactionData(start.getTransactionData())
                .setKeyId(start.getKeyId())
                .setGatewayId(config.instanceId())
                .setReplyPartition(config.replyPartition())
                .setStartedAtMs(System.currentTimeMillis())
                .setAuthorizationId(authorizationId)
                .setAuthorizationToken(start.getAuthorizationToken())
                .build();
    }

    /** A client-supplied header as it may appear in a log line: at most 128 characters, controls escaped. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(128).forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
