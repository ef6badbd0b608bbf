package dev.likeness.demo;

import dev.likeness.testsupport.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingLoginsTest {

    final TestClock clock = TestClock.at(Instant.parse("2026-12-07T10:00:00Z"));
    final PendingLogins logins = new PendingLogins(clock);

    @Test
    void aLoginIsFinishedOnceWithWhatItWasBegunFor() {
        logins.begin("alice", "auth", "pay 10 EUR", "token-1");
        PendingLogins.Login login = logins.finish("token-1").orElseThrow();
        assertThat(login.username()).isEqualTo("alice");
        assertThat(login.operation()).isEqualTo("auth");
        assertThat(login.transactionData()).isEqualTo("pay 10 EUR");
        assertThat(logins.finish("token-1")).as("once").isEmpty();
        assertThat(logins.finish("never-begun")).isEmpty();
        assertThat(logins.finish(null)).isEmpty();
    }

    @Test
    void aLoginExpires() {
        logins.begin("alice", "auth", "pay", "token-2");
        clock.advance(PendingLogins.LIFETIME.plusSeconds(1));
        assertThat(logins.finish("token-2")).isEmpty();
    }

    @Test
    void atMostSoManyAreKept() {
        for (int i = 0; i < PendingLogins.MOST; i++) {
            logins.begin("user", "auth", "td", "token-" + i);
        }
        assertThatThrownBy(() -> logins.begin("user", "auth", "td", "one-more")).isInstanceOf(IllegalStateException.class);
        clock.advance(PendingLogins.LIFETIME.plusSeconds(1));
        logins.begin("user", "auth", "td", "after-they-expired");
        assertThat(logins.finish("after-they-expired")).isPresent();
    }
}
