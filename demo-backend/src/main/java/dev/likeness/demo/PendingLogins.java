package dev.likeness.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logins this backend has begun and not yet finished, as a customer's backend keeps them in
 * its own session state: each is named by the id of the user token minted for it, and says which
 * user, operation and transaction data it was for. The transaction JWT the browser reports is
 * held to that login, never to what the browser says about itself. Each is used once, and forgotten
 * after {@link #LIFETIME}; at most {@link #MOST} are kept.
 */
final class PendingLogins {

    /** Longer than a user token lives (5 minutes) plus a session's longest run (60 s). */
    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final int MOST = 10_000;

    /** What a login was begun for. */
    record Login(String username, String operation, String transactionData, String userTokenId, Instant expiresAt) {
    }

    private final Map<String, Login> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    PendingLogins(Clock clock) {
        this.clock = clock;
    }

    /** Remembers a login begun with the user token {@code userTokenId}. */
    void begin(String username, String operation, String transactionData, String userTokenId) {
        Instant now = clock.instant();
        pending.values().removeIf(login -> login.expiresAt().isBefore(now));
        if (pending.size() >= MOST) {
            throw new IllegalStateException("too many logins in progress; try again shortly");
        }
        pending.put(userTokenId, new Login(username, operation, transactionData, userTokenId, now.plus(LIFETIME)));
    }

    /** The login begun with user token {@code userTokenId}, once; empty when unknown, finished or expired. */
    Optional<Login> finish(String userTokenId) {
        Login login = userTokenId == null ? null : pending.remove(userTokenId);
        return Optional.ofNullable(login).filter(found -> found.expiresAt().isAfter(clock.instant()));
    }
}
