package dev.likeness.gateway.session;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSourceTest {

    static final Optional<String> FORWARDED = Optional.of("X-Forwarded-For");

    @Test
    void withoutAConfiguredHeaderTheSocketsPeerHostCounts() {
        assertThat(ClientSource.of(Optional.empty(), List.of("203.0.113.9"), "10.0.0.5:41234")).isEqualTo("10.0.0.5");
        assertThat(ClientSource.of(Optional.empty(), List.of(), "[2001:db8::1]:41234")).isEqualTo("[2001:db8::1]");
        assertThat(ClientSource.of(Optional.empty(), List.of(), "2001:db8::1")).isEqualTo("2001:db8::1");
    }

    /** The client may write anything into the header; only the hop the nearest proxy appended is its address. */
    @Test
    void theNearestProxysHopCountsNotWhatTheClientWrote() {
        assertThat(ClientSource.of(FORWARDED, List.of("203.0.113.7"), "10.0.0.5:41234")).isEqualTo("203.0.113.7");
        assertThat(ClientSource.of(FORWARDED, List.of("198.51.100.1, 203.0.113.7"), "10.0.0.5:41234")).isEqualTo("203.0.113.7");
        assertThat(ClientSource.of(FORWARDED, List.of("198.51.100.1", "203.0.113.7"), "10.0.0.5:41234")).isEqualTo("203.0.113.7");
        assertThat(ClientSource.of(FORWARDED, List.of(), "10.0.0.5:41234")).as("header absent").isEqualTo("10.0.0.5");
        assertThat(ClientSource.of(FORWARDED, List.of(" "), "10.0.0.5:41234")).as("header empty").isEqualTo("10.0.0.5");
    }
}
