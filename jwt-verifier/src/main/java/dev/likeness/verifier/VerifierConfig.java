package dev.likeness.verifier;

import dev.likeness.database.LedgerDatabase;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration of jwt-verifier, under {@code likeness.verifier}. */
@ConfigMapping(prefix = "likeness.verifier")
public interface VerifierConfig {

    /**
     * The authentication service's JWKS, e.g. {@code https://auth-service:8083/v1/jwks.json}; plain
     * http only to this host (the local stack): the keys decide which tokens are genuine.
     */
    @WithDefault("https://localhost:8083/v1/jwks.json")
    String jwksUrl();

    /** PEM certificate(s) the JWKS server's certificate must chain to; unset: the JDK's trusted CAs. */
    Optional<Path> jwksCaFile();

    /** The `iss` transaction JWTs must carry (auth-service's likeness.auth.issuer). */
    @WithDefault("likeness")
    String issuer();

    /** Clock skew tolerated on iat/exp. */
    @WithDefault("30s")
    Duration clockSkew();

    /** How long fetched keys are trusted before the JWKS is fetched again. */
    @WithDefault("5m")
    Duration jwksCacheLifetime();

    /**
     * Longest time keys are used without a successful fetch of the JWKS: past it, they are dropped
     * and every verification is keys_unavailable (fail closed) until auth-service answers again.
     * A withdrawn key stops verifying within this bound even where the verifier cannot refresh.
     */
    @WithDefault("1h")
    Duration jwksMaxKeyAge();

    /** Least time between two fetches caused by an unknown `kid` (a flood of forged kids cannot hammer auth-service). */
    @WithDefault("10s")
    Duration jwksMinRefetchInterval();

    /**
     * Where used transaction-JWT ids are remembered, so a token verifies once across every
     * verifier instance and restart: {@code url} (with {@code username}, {@code password},
     * {@code pool-size}) of a PostgreSQL they share, schema {@code verifier}. Unset: this
     * process's memory, for a single instance only (logged at start).
     */
    LedgerDatabase usedTokens();

    /**
     * Whether a request must say which operation and transaction data it expects the token to
     * carry (the default). {@code false} accepts requests without them and then checks only what
     * is given: weaker, since a token for another operation or other data would pass; only for a
     * backend that checks {@code op} and {@code td} in the returned claims itself.
     */
    @WithDefault("true")
    boolean requireIntent();

    /** The customers whose backends may ask for verdicts, by name. None: every request is refused (401). */
    Map<String, Customer> customers();

    interface Customer {
        /**
         * Hex SHA-256 of each key the customer's backend presents as {@code Authorization: Bearer
         * <key>} (several during a rotation): {@code printf %s "$KEY" | sha256sum}. The backend may
         * ask only about tokens of this customer.
         */
        List<String> callerKeySha256();
    }
}
