package dev.likeness.verifier.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who is asking for a verdict: each customer's backend presents a key of its own
 * ({@code Authorization: Bearer <key>}), and may ask only about its own tokens. The verifier
 * keeps SHA-256 hashes of the keys, never the keys, so its configuration discloses none; every
 * configured hash is compared, in constant time, so the time taken says nothing of which
 * customer or how much of a key matched.
 */
public final class CallerKeys {

    private final Map<String, List<byte[]>> hashesByCustomer;

    /** {@code hexHashesByCustomer}: per customer, the lowercase or uppercase hex SHA-256 of each of its keys. */
    public CallerKeys(Map<String, List<String>> hexHashesByCustomer) {
        HexFormat hex = HexFormat.of();
        this.hashesByCustomer = Map.copyOf(hexHashesByCustomer.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, entry -> entry.getValue().stream().map(h -> {
                    byte[] hash = hex.parseHex(h.trim().toLowerCase(Locale.ROOT));
                    if (hash.length != 32) {
                        throw new IllegalArgumentException("caller-key-sha256 of " + entry.getKey() + ": not a SHA-256 (64 hex digits)");
                    }
                    return hash;
                }).toList())));
    }

    /** The customer whose key {@code presented} is; empty for no key or an unknown one. */
    public Optional<String> customerOf(String presented) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented.trim());
        String found = null;
        for (var customer : hashesByCustomer.entrySet()) {
            for (byte[] known : customer.getValue()) {
                if (MessageDigest.isEqual(known, hash)) {
                    found = customer.getKey();
                }
            }
        }
        return Optional.ofNullable(found);
    }

    public boolean isEmpty() {
        return hashesByCustomer.values().stream().allMatch(List::isEmpty);
    }

    /** The hex SHA-256 of a key, as configured. */
    public static String hashOf(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
