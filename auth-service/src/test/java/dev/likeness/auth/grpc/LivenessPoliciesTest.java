package dev.likeness.auth.grpc;

import dev.likeness.liveness.SessionLiveness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A customer's liveness policy is this service's setting, and a setting it cannot honour stops the start. */
class LivenessPoliciesTest {

    @Test
    void aCustomerWithoutASettingIsChallenged() {
        LivenessPolicies policies = new LivenessPolicies(Map.of("bank", SessionLiveness.Policy.OFF));
        assertThat(policies.of("bank")).isEqualTo(SessionLiveness.Policy.OFF);
        assertThat(policies.of("shop")).isEqualTo(SessionLiveness.Policy.CHALLENGE);
    }

    @Test
    void settingsAreReadInAnyCase() {
        assertThat(LivenessPolicies.parse("bank", "off")).isEqualTo(SessionLiveness.Policy.OFF);
        assertThat(LivenessPolicies.parse("bank", " PASSIVE ")).isEqualTo(SessionLiveness.Policy.PASSIVE);
        assertThat(LivenessPolicies.parse("bank", "Challenge")).isEqualTo(SessionLiveness.Policy.CHALLENGE);
    }

    @Test
    void aPolicyThisVersionCannotHonourStopsTheStart() {
        assertThatThrownBy(() -> LivenessPolicies.parse("bank", "strict")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("likeness.auth.customers.bank.liveness").hasMessageContaining("off, passive or challenge");
    }
}
