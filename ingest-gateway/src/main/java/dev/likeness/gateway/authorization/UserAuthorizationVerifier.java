package dev.likeness.gateway.authorization;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.likeness.crypto.UserAuthorization;
import dev.likeness.crypto.UserAuthorization.Intent;
import dev.likeness.crypto.UserAuthorization.Refusal;
import dev.likeness.crypto.UserAuthorization.RefusedException;
import dev.likeness.database.UsedTokens;

import java.time.Duration;

/**
 * The gateway's check of the user authorization token a Start carries: what the token says
 * ({@link UserAuthorization}), current now, and not seen before on any gateway instance.
 */
public final class UserAuthorizationVerifier {

    private final UserAuthorization authorization;
    // A token opens one session only, on whichever gateway instance: the ledger is shared (PostgreSQL).
    private final UsedTokens usedTokens;

    public UserAuthorizationVerifier(UserAuthorization authorization, UsedTokens usedTokens) {
        this.authorization = authorization;
        this.usedTokens = usedTokens;
    }

    /**
     * Verifies {@code token} for {@code username} of {@code customer}, for {@code operation}
     * ({@code enroll} or {@code auth}) on {@code transactionData}, and marks it used; returns its
     * {@code jti}.
     */
    public String verify(String customer, String username, String operation, String transactionData, String token)
            throws RefusedException {
        JWTClaimsSet claims = authorization.check(new Intent(customer, username, operation, transactionData), token, Duration.ZERO);
        // Last, after the signature: only a token the customer really minted may take a place in the ledger.
        boolean firstUse;
        try {
            firstUse = usedTokens.firstUse(customer, claims.getJWTID(), authorization.rememberUntil(claims));
        } catch (UsedTokens.UnavailableException e) {
            throw new RefusedException(Refusal.LEDGER_UNAVAILABLE);
        }
        if (!firstUse) {
            throw new RefusedException(Refusal.REPLAYED);
        }
        return claims.getJWTID();
    }
}
