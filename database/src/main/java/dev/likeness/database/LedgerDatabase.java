package dev.likeness.database;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a service keeps its used-token ledger, as it reads it from configuration (each service
 * maps it under its own prefix, e.g. {@code likeness.gateway.used-tokens.url}).
 */
public interface LedgerDatabase {

    /**
     * JDBC URL of the PostgreSQL database every instance of the service shares. Unset: the
     * ledger lives in the process's memory, so a token could be used once per instance and
     * again after a restart; only for a single local instance.
     */
    Optional<String> url();

    Optional<String> username();

    /** From a Secret or the environment, never a committed file. */
    Optional<String> password();

    /** Most connections the ledger opens (default 2): one insert per token, held for a millisecond. */
    OptionalInt poolSize();
}
