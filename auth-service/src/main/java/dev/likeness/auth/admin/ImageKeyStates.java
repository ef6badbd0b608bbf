package dev.likeness.auth.admin;

import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.crypto.PemKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which image key id each customer's clients should encrypt to now. One key per customer is
 * {@code current} (marked so, or the customer's only key in use); other keys still in use are
 * {@code accepted} (clients given the old id during a rotation keep working); {@code retired}
 * ones open nothing. The admin API lists them with their public keys, so a customer's backend
 * can hand its pages the current id and key instead of configuring them by hand. Checked at
 * start: a customer with several keys in use must mark one current, and a retired key cannot be.
 */
public final class ImageKeyStates {

    public enum State { CURRENT, ACCEPTED, RETIRED }

    /** How a service configures one key's state: auth-service's image-key config extends this. */
    public interface Marked extends ImageKeyRing.KeyFile {
        /** The key id clients of its customer should use now. */
        boolean current();
    }

    /** One key as the admin API lists it. */
    public record Listed(String keyId, State state, String publicKey) {
    }

    private final Map<String, List<Listed>> byCustomer;

    private ImageKeyStates(Map<String, List<Listed>> byCustomer) {
        this.byCustomer = byCustomer;
    }

    /**
     * Decides the states of the configured {@code keys}, with their public halves from the loaded
     * {@code ring}; a configuration that leaves them unclear stops the service.
     */
    public static ImageKeyStates of(Map<String, ? extends Marked> keys, ImageKeyRing ring) {
        Map<String, Map<String, Marked>> byCustomer = new TreeMap<>();
        keys.forEach((keyId, key) -> byCustomer.computeIfAbsent(key.customer(), customer -> new TreeMap<>()).put(keyId, key));
        Map<String, List<Listed>> listed = new TreeMap<>();
        for (var customer : byCustomer.entrySet()) {
            String current = currentOf(customer.getKey(), customer.getValue());
            List<Listed> keysOfCustomer = new ArrayList<>();
            for (var key : customer.getValue().entrySet()) {
                State state = key.getValue().retired() ? State.RETIRED : key.getKey().equals(current) ? State.CURRENT : State.ACCEPTED;
                String publicKey = PemKeys.toPem(ring.publicKey(key.getKey()).orElseThrow());
                keysOfCustomer.add(new Listed(key.getKey(), state, publicKey));
            }
            listed.put(customer.getKey(), List.copyOf(keysOfCustomer));
        }
        return new ImageKeyStates(listed);
    }

    private static String currentOf(String customer, Map<String, Marked> keys) {
        List<String> marked = keys.entrySet().stream().filter(key -> key.getValue().current()).map(Map.Entry::getKey).toList();
        List<String> inUse = keys.entrySet().stream().filter(key -> !key.getValue().retired()).map(Map.Entry::getKey).toList();
        if (marked.size() > 1) {
            throw new IllegalStateException("customer " + customer + " has several image keys marked current: " + marked);
        }
        if (marked.size() == 1) {
            if (keys.get(marked.get(0)).retired()) {
                throw new IllegalStateException("image key " + marked.get(0) + " of customer " + customer
                        + " is marked both current and retired");
            }
            return marked.get(0);
        }
        if (inUse.size() > 1) {
            throw new IllegalStateException("customer " + customer + " has several image keys in use " + inUse
                    + ": mark the one clients should use with likeness.auth.image-keys.<key-id>.current=true");
        }
        return inUse.isEmpty() ? null : inUse.get(0);
    }

    /** The customer's keys, ordered by key id; empty for a customer without any. */
    public List<Listed> of(String customer) {
        return byCustomer.getOrDefault(customer, List.of());
    }
}
