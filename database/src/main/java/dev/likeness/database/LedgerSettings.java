package dev.likeness.database;

/**
 * What a service tells {@link UsedTokensLedger} about its used-token ledger: where the database
 * is ({@code database}, from its configuration under {@code configPrefix}) and the schema its
 * ledger lives in.
 */
public record LedgerSettings(LedgerDatabase database, String schema, String configPrefix) {
}
