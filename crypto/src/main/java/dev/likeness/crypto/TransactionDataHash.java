package dev.likeness.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code td_hash} claim of a user authorization token: base64url (no padding) of the SHA-256
 * of the transaction data's UTF-8 bytes. The customer's backend puts it in the token it mints for
 * one session, so the gateway can refuse a Start whose transaction data the browser changed; the
 * hash rather than the text keeps what a token carries short and free of the customer's data.
 */
public final class TransactionDataHash {

    /** The claim's name in the user authorization token. */
    public static final String CLAIM = "td_hash";

    private TransactionDataHash() {
    }

    public static String of(String transactionData) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(transactionData.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Whether {@code claimed} is the hash of {@code transactionData}, compared in constant time. */
    public static boolean matches(String claimed, String transactionData) {
        return claimed != null && MessageDigest.isEqual(claimed.getBytes(StandardCharsets.US_ASCII),
                of(transactionData).getBytes(StandardCharsets.US_ASCII));
    }
}
