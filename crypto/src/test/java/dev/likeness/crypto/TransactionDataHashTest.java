package dev.likeness.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionDataHashTest {

    @Test
    void isTheBase64UrlSha256OfTheUtf8Bytes() {
        // SHA-256("abc") per FIPS 180-2, base64url without padding
        assertThat(TransactionDataHash.of("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
        // the empty string hashes too (a backend that signs no transaction data still binds that)
        assertThat(TransactionDataHash.of("")).isEqualTo("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
        assertThat(TransactionDataHash.of("pay 10 € to Bob")).isNotEqualTo(TransactionDataHash.of("pay 10 EUR to Bob"));
    }

    @Test
    void matchesOnlyTheSameData() {
        String claimed = TransactionDataHash.of("pay 10 EUR to Bob");
        assertThat(TransactionDataHash.matches(claimed, "pay 10 EUR to Bob")).isTrue();
        assertThat(TransactionDataHash.matches(claimed, "pay 1000 EUR to Mallory")).isFalse();
        assertThat(TransactionDataHash.matches(null, "pay 10 EUR to Bob")).isFalse();
        assertThat(TransactionDataHash.matches("not-a-hash", "pay 10 EUR to Bob")).isFalse();
    }
}
