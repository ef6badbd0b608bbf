package dev.likeness.database;

import dev.likeness.testsupport.EmbeddedDatabase;
import io.agroal.api.AgroalDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger on a real (embedded) PostgreSQL, as two service instances would share it. */
class PostgresUsedTokensTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final String SCHEMA = "gateway";
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private static AgroalDataSource firstInstance;
    private static AgroalDataSource secondInstance;

    @BeforeAll
    static void pools() {
        firstInstance = pool();
        secondInstance = pool();
        PostgresUsedTokens.migrate(firstInstance, SCHEMA);
    }

    private static AgroalDataSource pool() {
        return database.closedAfterAll(DatabasePool.open(database.jdbcUrl(), Optional.of(EmbeddedDatabase.USER), Optional.empty(), 8));
    }

    private static PostgresUsedTokens ledger(AgroalDataSource pool, Instant now) {
        return new PostgresUsedTokens(pool, SCHEMA, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenIsAcceptedOnceAcrossInstances() throws Exception {
        String jti = UUID.randomUUID().toString();
        Instant until = NOW.plus(Duration.ofMinutes(5));

        assertThat(ledger(firstInstance, NOW).firstUse("demo", jti, until)).isTrue();
        assertThat(ledger(firstInstance, NOW).firstUse("demo", jti, until)).as("replayed to the same instance").isFalse();
        assertThat(ledger(secondInstance, NOW).firstUse("demo", jti, until)).as("replayed to another instance").isFalse();
    }

    @Test
    void aRestartedInstanceStillKnowsTheToken() throws Exception {
        String jti = UUID.randomUUID().toString();
        assertThat(ledger(firstInstance, NOW).firstUse("demo", jti, NOW.plusSeconds(300))).isTrue();

        PostgresUsedTokens.migrate(secondInstance, SCHEMA); // what a restart runs: nothing to do, nothing lost
        try (AgroalDataSource afterRestart = pool()) {
            assertThat(ledger(afterRestart, NOW).firstUse("demo", jti, NOW.plusSeconds(300))).isFalse();
        }
    }

    @Test
    void ofConcurrentUsesOnTwoInstancesExactlyOneIsFirst() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String jti = UUID.randomUUID().toString();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> uses = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    PostgresUsedTokens ledger = ledger(i % 2 == 0 ? firstInstance : secondInstance, NOW);
                    Callable<Boolean> use = () -> {
                        go.await();
                        return ledger.firstUse("demo", jti, NOW.plusSeconds(300));
                    };
                    uses.add(threads.submit(use));
                }
                go.countDown();
                int firsts = 0;
                for (Future<Boolean> use : uses) {
                    firsts += use.get() ? 1 : 0;
                }
                assertThat(firsts).as("round %d: uses that were told they were first", round).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void namespacesKeepEqualIdsApart() throws Exception {
        String jti = UUID.randomUUID().toString();
        assertThat(ledger(firstInstance, NOW).firstUse("bank", jti, NOW.plusSeconds(60))).isTrue();
        assertThat(ledger(firstInstance, NOW).firstUse("shop", jti, NOW.plusSeconds(60))).as("another customer's token").isTrue();
        assertThat(ledger(firstInstance, NOW).firstUse("ban", "k" + jti,
                NOW.plusSeconds(60))).as("namespace and id do not run together").isTrue();
    }

    @Test
    void aTokenIsForgottenOnlyOnceItsTimeHasPassed() throws Exception {
        String jti = UUID.randomUUID().toString();
        Instant until = NOW.plusSeconds(60);
        assertThat(ledger(firstInstance, NOW).firstUse("demo", jti, until)).isTrue();

        assertThat(ledger(firstInstance, until).firstUse("demo", jti,
                until.plusSeconds(60))).as("at its last remembered instant").isFalse();
        assertThat(ledger(firstInstance, until.plusMillis(1)).firstUse("demo", jti, until.plusSeconds(60)))
                .as("after it: its row is taken over, the token counted as new").isTrue();
        assertThat(ledger(firstInstance, until.plusMillis(2)).firstUse("demo", jti, until.plusSeconds(60)))
                .as("and remembered again").isFalse();
    }

    @Test
    void lapsedRowsAreSweptAway() throws Exception {
        String lapsing = UUID.randomUUID().toString();
        String current = UUID.randomUUID().toString();
        Instant later = NOW.plus(Duration.ofHours(1));
        ledger(firstInstance, NOW).firstUse("sweep", lapsing, NOW.plusSeconds(10));
        ledger(firstInstance, NOW).firstUse("sweep", current, later.plusSeconds(3600));
        long before = rows();

        // A fresh instance sweeps on its first call; the lapsed row goes, the current one stays.
        ledger(secondInstance, later).firstUse("sweep", UUID.randomUUID().toString(), later.plusSeconds(60));

        assertThat(rows()).isLessThanOrEqualTo(before); // one added, at least the lapsed one deleted
        assertThat(ledger(firstInstance, later).firstUse("sweep", current, later.plusSeconds(3600))).isFalse();
        assertThat(keyPresent("sweep", lapsing)).isFalse();
    }

    @Test
    void theLedgerMovesIntoASchemaThatHoldsAServicesTablesAlready() throws Exception {
        try (Connection connection = firstInstance.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA service_owned");
            statement.execute("CREATE TABLE service_owned.templates (username text)");
        }
        PostgresUsedTokens.migrate(firstInstance, "service_owned");
        PostgresUsedTokens.migrate(secondInstance, "service_owned"); // the next start: nothing to do
        PostgresUsedTokens ledger = new PostgresUsedTokens(firstInstance, "service_owned", Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(ledger.firstUse("demo", "admin-1", NOW.plusSeconds(60))).isTrue();
        assertThat(ledger.firstUse("demo", "admin-1", NOW.plusSeconds(60))).isFalse();
    }

    @Test
    void anUnreachableDatabaseIsUnavailableNotAYes() {
        try (AgroalDataSource nowhere = DatabasePool.open("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2",
                Optional.of("postgres"), Optional.empty(), 2)) {
            assertThatThrownBy(() -> ledger(nowhere, NOW).firstUse("demo", "jti", NOW.plusSeconds(60)))
                    .isInstanceOf(UsedTokens.UnavailableException.class)
                    .hasMessageNotContaining("jti");
        }
    }

    @Test
    void thePoolRecoversWhenTheDatabaseRestarts(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedPostgres first = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
        try (AgroalDataSource pool = DatabasePool.open(first.getJdbcUrl("postgres", "postgres"), Optional.of("postgres"), Optional.empty(),
                2)) {
            PostgresUsedTokens.migrate(pool, SCHEMA);
            PostgresUsedTokens ledger = new PostgresUsedTokens(pool, SCHEMA, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(ledger.firstUse("demo", "before", NOW.plusSeconds(60))).isTrue();
            first.close();
            assertThatThrownBy(() -> ledger.firstUse("demo", "while-down", NOW.plusSeconds(60)))
                    .isInstanceOf(UsedTokens.UnavailableException.class);

            try (EmbeddedPostgres again = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                    .start()) {
                assertThat(ledger.firstUse("demo", "after", NOW.plusSeconds(60))).as("the first use after the restart").isTrue();
                assertThat(ledger.firstUse("demo", "before", NOW.plusSeconds(60))).as("remembered across it").isFalse();
            }
        }
    }

    @Test
    void aSchemaNameIsNeverSqlOfItsOwn() {
        assertThatThrownBy(() -> new PostgresUsedTokens(firstInstance, "x; DROP TABLE y", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long rows() throws Exception {
        try (Connection connection = firstInstance.getConnection(); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM " + SCHEMA + ".used_tokens")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static boolean keyPresent(String namespace, String id) throws Exception {
        try (Connection connection = firstInstance.getConnection();
             var query = connection.prepareStatement("SELECT 1 FROM " + SCHEMA + ".used_tokens WHERE token_key = ?")) {
            query.setBytes(1, UsedTokens.keyBytes(namespace, id));
            try (ResultSet found = query.executeQuery()) {
                return found.next();
            }
        }
    }
}
