package dev.likeness.database;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryUsedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void onceWhileRememberedAndNewAgainAfter() throws Exception {
        MovingClock clock = new MovingClock();
        UsedTokens ledger = UsedTokens.inMemory(clock);

        assertThat(ledger.firstUse("demo", "a", NOW.plusSeconds(60))).isTrue();
        assertThat(ledger.firstUse("demo", "a", NOW.plusSeconds(60))).isFalse();
        assertThat(ledger.firstUse("other", "a", NOW.plusSeconds(60))).isTrue();

        clock.now = NOW.plusSeconds(61);
        assertThat(ledger.firstUse("demo", "a", clock.now.plusSeconds(60))).isTrue();
    }
}
