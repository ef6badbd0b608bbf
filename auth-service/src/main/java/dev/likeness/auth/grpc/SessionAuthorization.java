package dev.likeness.auth.grpc;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.likeness.crypto.UserAuthorization;
import dev.likeness.crypto.UserAuthorization.Intent;
import dev.likeness.crypto.UserAuthorization.Refusal;
import dev.likeness.crypto.UserAuthorization.RefusedException;
import dev.likeness.proto.v1.SessionContext;

import java.time.Duration;
import java.util.Locale;

/**
 * Whether a session context is one the gateway admitted: it carries the user authorization token
 * the session started with, and that token, verified again with the customer's keys, names this
 * context's user, operation and transaction data, and is the one whose {@code jti} the context
 * names. The mutual TLS before it says who sent the context; this says the customer asked for it.
 * (The gateway's ledger, not this, keeps a token to one session.)
 */
public final class SessionAuthorization {

    private final UserAuthorization tokens;
    private final Duration lateUse;

    public SessionAuthorization(UserAuthorization tokens, Duration lateUse) {
        this.tokens = tokens;
        this.lateUse = lateUse;
    }

    void check(SessionContext session) throws RefusedException {
        JWTClaimsSet claims = tokens.check(new Intent(session.getCustomer(), session.getUsername(),
                session.getOperation().name().toLowerCase(Locale.ROOT), session.getTransactionData()),
                session.getAuthorizationToken(), lateUse);
        if (!claims.getJWTID().equals(session.getAuthorizationId())) {
            throw new RefusedException(Refusal.WRONG_SESSION);
        }
    }
}
