package dev.likeness.gateway.session;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OriginPolicyTest {

    @Test
    void allowsExactlyTheListedOriginsAndAnyPortOfAWildcardOne() {
        OriginPolicy policy = new OriginPolicy(List.of("https://bank.example", "http://localhost:*"), false);
        assertThat(policy.allows(Optional.of("https://bank.example"))).isTrue();
        assertThat(policy.allows(Optional.of("HTTPS://BANK.EXAMPLE"))).as("origins compare without case").isTrue();
        assertThat(policy.allows(Optional.of("http://localhost:8080"))).isTrue();
        assertThat(policy.allows(Optional.of("http://localhost:3000"))).isTrue();
        for (String foreign : List.of("https://bank.example.evil.example", "http://bank.example", "https://evil.example",
                "http://localhost", "http://localhost:80.evil.example", "http://localhost:*", "https://localhost:8080", "null")) {
            assertThat(policy.allows(Optional.of(foreign))).as(foreign).isFalse();
        }
    }

    @Test
    void noOriginOnlyWhenConfiguredAndNoListMeansNoPage() {
        assertThat(new OriginPolicy(List.of("https://bank.example"), false).allows(Optional.empty())).isFalse();
        assertThat(new OriginPolicy(List.of("https://bank.example"), true).allows(Optional.empty())).isTrue();
        assertThat(new OriginPolicy(List.of(), true).allows(Optional.of("https://bank.example"))).as("closed by default").isFalse();
    }
}
