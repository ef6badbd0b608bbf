package dev.likeness.gateway.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartCheckTest {

    /** An Origin the client chose cannot start a new log line or reorder one. */
    @Test
    void aClientsOriginIsLoggedWithItsControlsEscaped() {
        assertThat(StartCheck.printable("https://evil.example\n2026-12-07 INFO session admitted"))
                .isEqualTo("https://evil.example\\u000A2026-12-07 INFO session admitted");
        assertThat(StartCheck.printable("https://a\u202Eexample")).isEqualTo("https://a\\u202Eexample");
        assertThat(StartCheck.printable("x".repeat(500))).hasSize(128);
    }
}
