package dev.likeness.proto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class UsernamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Alice", "grace.hopper@example.com", "jos\u00e9", "\u0645\u0631\u064a\u0645", "\u674e\u96f7",
        "\ud83d\udc69\u200d\ud83d\udcbb-dev", "user 42"})
    void canonicalNamesPass(String username) {
        assertThat(Usernames.problem(username)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "jose\u0301", "alice\u0000", "alice\n", "alice\r\nINFO forged line", "admin\u202egnp.exe",
        "bob\u2066x\u2069", "carol\u200f", "dave\u2028", "eve\u0007", "\ud800", "frank\ue000"})
    void variantsAndControlCharactersAreRefused(String username) {
        assertThat(Usernames.problem(username)).isPresent();
    }

    @Test
    void theProblemSaysWhich() {
        assertThat(Usernames.problem("jose\u0301")).contains("not in Unicode NFC");
        assertThat(Usernames.problem("alice\u0000")).contains("contains U+0000, a control or formatting character");
    }
}
