package dev.likeness.demo;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingLoginsTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
    final PendingLogins logins = new PendingLogins(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });

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
        now.set(now.get().plus(PendingLogins.LIFETIME).plusSeconds(1));
        assertThat(logins.finish("token-2")).isEmpty();
    }

    @Test
    void atMostSoManyAreKept() {
        for (int i = 0; i < PendingLogins.MOST; i++) {
            logins.begin("user", "auth", "td", "token-" + i);
        }
        assertThatThrownBy(() -> logins.begin("user", "auth", "td", "one-more")).isInstanceOf(IllegalStateException.class);
        now.set(now.get().plus(PendingLogins.LIFETIME).plusSeconds(1));
        logins.begin("user", "auth", "td", "after-they-expired");
        assertThat(logins.finish("after-they-expired")).isPresent();
    }
}
