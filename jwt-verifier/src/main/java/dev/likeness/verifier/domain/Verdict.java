package dev.likeness.verifier.domain;

import java.util.Locale;
import java.util.Map;

/** The outcome of verifying one transaction JWT: valid with its claims, or invalid with one reason. */
public record Verdict(boolean valid, Reason reason, Map<String, Object> claims) {

    /** Why a token is invalid; the lower-case names are the API's `reason` values. */
    public enum Reason {
        MALFORMED, ALGORITHM_NOT_ALLOWED, UNKNOWN_KEY, BAD_SIGNATURE, WRONG_ISSUER, WRONG_AUDIENCE,
        EXPIRED, ISSUED_IN_FUTURE, MISSING_CLAIM, OPERATION_MISMATCH, TRANSACTION_DATA_MISMATCH, REPLAYED, KEYS_UNAVAILABLE,
        /** Not the JWT of the user the backend is logging in: its {@code sub} is another's. */
        WRONG_SUBJECT,
        /** Not the JWT of the login the backend began: its {@code nonce} is another user token's id. */
        NONCE_MISMATCH,
        /** Whether the token was presented before cannot be told (the used-token database is unreachable). */
        LEDGER_UNAVAILABLE,
        /** The backend required liveness to have passed, and the session's was unverified (or the token has no liveness claim). */
        LIVENESS_NOT_PASSED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Verdict valid(Map<String, Object> claims) {
        return new Verdict(true, null, Map.copyOf(claims));
    }

    public static Verdict invalid(Reason reason) {
        return new Verdict(false, reason, Map.of());
    }
}
