package dev.likeness.auth.grpc;

import dev.likeness.auth.AuthConfig;
import dev.likeness.liveness.SessionLiveness;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each customer's liveness policy, from this service's own configuration (never from the session:
 * a forged context must not lower it). A customer without a setting gets {@code challenge}; a value
 * this version does not know stops the start, so a policy is never silently weaker than written.
 */
final class LivenessPolicies {

    static final SessionLiveness.Policy DEFAULT = SessionLiveness.Policy.CHALLENGE;

    private final Map<String, SessionLiveness.Policy> byCustomer;

    LivenessPolicies(Map<String, SessionLiveness.Policy> byCustomer) {
        this.byCustomer = Map.copyOf(byCustomer);
    }

    static LivenessPolicies of(AuthConfig config) {
        Map<String, SessionLiveness.Policy> policies = new HashMap<>();
        config.customers().forEach((customer, settings) -> policies.put(customer, parse(customer, settings.liveness())));
        return new LivenessPolicies(policies);
    }

    static SessionLiveness.Policy parse(String customer, String value) {
        String setting = "likeness.auth.customers." + customer + ".liveness";
        Optional<SessionLiveness.Policy> policy = SessionLiveness.Policy.named(value);
        if (policy.isPresent()) {
            return policy.get();
        }
        throw new IllegalStateException(setting + " must be off, passive or challenge, not '" + value + "'");
    }

    SessionLiveness.Policy of(String customer) {
        return byCustomer.getOrDefault(customer, DEFAULT);
    }
}
