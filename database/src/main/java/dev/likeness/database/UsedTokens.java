package dev.likeness.database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Which single-use tokens have been used: the replay check of user authorization tokens (at the
 * gateway), transaction JWTs (at jwt-verifier) and admin tokens (at auth-service). A token is
 * named by its issuer's namespace (a customer) and its {@code jti}, and remembered until it could
 * no longer be accepted anyway (its expiry plus the clock skew tolerated), then forgotten.
 * <p>
 * {@link PostgresUsedTokens} is the one to run: the check and the record are one statement, so
 * of two instances given the same token at once exactly one accepts it, and a restart forgets
 * nothing. {@link #inMemory(Clock)} holds for one process's lifetime only.
 */
public interface UsedTokens {

    /**
     * Records a use of token {@code id} of {@code namespace}, to be remembered until
     * {@code rememberUntil}; true when this is its first use, false when it was used before.
     *
     * @throws UnavailableException when it cannot be told: the caller refuses the token (fail closed)
     */
    boolean firstUse(String namespace, String id, Instant rememberUntil) throws UnavailableException;

    /** The ledger could not be reached or written; whether the token was used is unknown. */
    final class UnavailableException extends Exception {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The ledger a service's settings ask for: in PostgreSQL (schema {@code schema}) when they
     * name a database, which must be reachable (no start without it); otherwise in memory, with
     * {@code warn} told why that is fit for one local instance only. Close it with the service
     * (it may hold a pool).
     */
    static UsedTokens configured(LedgerDatabase settings, String schema, Clock clock, Consumer<String> warn) {
        if (settings.url().isEmpty()) {
            warn.accept("no used-tokens URL is set: used tokens are remembered in memory, so each instance, and each restart, "
                    + "would accept a token once more. Set it for any deployment.");
            return inMemory(clock);
        }
        return PostgresUsedTokens.connect(settings, schema, clock);
    }

    /** A ledger in this process's memory: lost on restart, not shared. For tests and a single local instance. */
    static UsedTokens inMemory(Clock clock) {
        Map<String, Instant> used = new ConcurrentHashMap<>();
        return (namespace, id, rememberUntil) -> {
            Instant now = clock.instant();
            used.values().removeIf(until -> until.isBefore(now));
            AtomicBoolean first = new AtomicBoolean();
            used.compute(key(namespace, id), (key, until) -> {
                if (until != null && !until.isBefore(now)) {
                    return until;
                }
                first.set(true);
                return rememberUntil;
            });
            return first.get();
        };
    }

    /**
     * The key a token is remembered under: SHA-256 of its namespace and id, so every key has one
     * size whatever a customer puts in {@code jti}, and the ledger holds no token material.
     */
    static byte[] keyBytes(String namespace, String id) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(namespace.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0); // a namespace cannot run into the id: "ab"+"c" differs from "a"+"bc"
            return sha256.digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String key(String namespace, String id) {
        return HexFormat.of().formatHex(keyBytes(namespace, id));
    }
}
