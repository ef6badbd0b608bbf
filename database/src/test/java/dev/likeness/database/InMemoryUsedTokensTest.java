package dev.likeness.database;

import dev.likeness.testsupport.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryUsedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void onceWhileRememberedAndNewAgainAfter() throws Exception {
        TestClock clock = TestClock.at(NOW);
        UsedTokens ledger = UsedTokens.inMemory(clock);

        assertThat(ledger.firstUse("demo", "a", NOW.plusSeconds(60))).isTrue();
        assertThat(ledger.firstUse("demo", "a", NOW.plusSeconds(60))).isFalse();
        assertThat(ledger.firstUse("other", "a", NOW.plusSeconds(60))).isTrue();

        clock.advance(Duration.ofSeconds(61));
        assertThat(ledger.firstUse("demo", "a", clock.instant().plusSeconds(60))).isTrue();
    }
}
