package dev.likeness.verifier.domain;

import com.nimbusds.jose.jwk.JWK;

import java.util.Optional;

/** Finds the public key with a given `kid`. */
public interface KeySource {

    /**
     * @throws KeysUnavailableException when the keys cannot be had at all (as opposed to: no such kid)
     */
    Optional<JWK> find(String keyId) throws KeysUnavailableException;

    final class KeysUnavailableException extends Exception {
        public KeysUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
