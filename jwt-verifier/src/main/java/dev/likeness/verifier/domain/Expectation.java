package dev.likeness.verifier.domain;

import java.util.Optional;

/**
 * What the customer's backend expects a transaction JWT to prove: for its own {@code customer},
 * the {@code username} it is logging in (so another user's JWT cannot be substituted), and, when
 * given, the operation, the transaction data it asked to be signed, and the {@code nonce}: the
 * {@code jti} of the user authorization token it minted for this login; and, when
 * {@code livenessPass}, that the session's liveness checks passed (the {@code liveness} claim's
 * {@code result} is {@code pass}, not {@code unverified} or absent).
 */
public record Expectation(String customer, String username, Optional<String> operation, Optional<String> transactionData,
                          Optional<String> nonce, boolean livenessPass) {

    /** Customer and username only: every other check skipped. */
    public static Expectation of(String customer, String username) {
        return new Expectation(customer, username, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }
}
