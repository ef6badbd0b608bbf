package dev.likeness.verifier.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerKeysTest {

    @Test
    void aKeyNamesItsCustomerAndNothingElseDoes() {
        String rotated = CallerKeys.hashOf("new-key").toUpperCase(Locale.ROOT);
        CallerKeys keys = new CallerKeys(Map.of("demo", List.of(CallerKeys.hashOf("old-key"), rotated),
                "acme", List.of(CallerKeys.hashOf("acme-key"))));
        assertThat(keys.customerOf("old-key")).contains("demo");
        assertThat(keys.customerOf("new-key")).as("both keys during a rotation").contains("demo");
        assertThat(keys.customerOf("acme-key")).contains("acme");
        assertThat(keys.customerOf("new-ke")).isEmpty();
        assertThat(keys.customerOf(CallerKeys.hashOf("old-key"))).as("the hash itself is no key").isEmpty();
        assertThat(keys.customerOf("")).isEmpty();
        assertThat(keys.customerOf(null)).isEmpty();
    }

    @Test
    void aConfiguredValueThatIsNoSha256StopsTheStart() {
        assertThatThrownBy(() -> new CallerKeys(Map.of("demo", List.of("abc123")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demo");
    }
}
