package dev.likeness.auth.store;

import dev.likeness.auth.template.FaceTemplate;
import dev.likeness.database.DatabasePool;
import dev.likeness.testsupport.EmbeddedDatabase;
import io.agroal.api.AgroalDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealed templates in a real PostgreSQL (embedded, started for this test). */
class TemplateStoreTest {

    static TemplateStore store;
    static TemplateSealer sealer;
    static AgroalDataSource pool;

    static final FaceTemplate TEMPLATE = new FaceTemplate("model", 1, List.of(
            new FaceTemplate.Descriptor(0.9f, new float[]{0.25f, 0.5f, 0.125f}), new FaceTemplate.Descriptor(0.5f, new float[]{0.5f, 0.25f,
            1f})));

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    @BeforeAll
    static void start() throws Exception {
        pool = database.closedAfterAll(DatabasePool.open(database.jdbcUrl(), Optional.of(EmbeddedDatabase.USER), Optional.empty(), 2));
        assertThat(AuthSchema.SCHEMA.migrate(pool).migrationsExecuted).isEqualTo(AuthSchema.MIGRATIONS.size());
        assertThat(AuthSchema.SCHEMA.migrate(pool).migrationsExecuted).as("a second start finds the schema in place").isZero();
        store = new TemplateStore(pool);
        sealer = new TemplateSealer(aesKey());
    }

    static SecretKey aesKey() throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        return generator.generateKey();
    }

    @Test
    void enrollsOnceAndFindsTheTemplateAgain() throws Exception {
        assertThat(store.enroll("demo", "grace", sealer.seal("demo", "grace", TEMPLATE))).isTrue();
        assertThat(store.enroll("demo", "grace", sealer.seal("demo", "grace", TEMPLATE))).isFalse();
        assertThat(sealer.open("demo", "grace", store.find("demo", "grace").orElseThrow())).usingRecursiveComparison().isEqualTo(TEMPLATE);
        assertThat(store.find("demo", "nobody")).isEmpty();
        assertThat(store.find("acme", "grace")).isEmpty();
    }

    @Test
    void aTemplateIsReplacedOnlyIfItIsStillTheOneExpected() throws Exception {
        byte[] old = sealer.seal("demo", "linus", TEMPLATE);
        store.enroll("demo", "linus", old);
        byte[] newer = sealer.seal("demo", "linus", new FaceTemplate("model", 2, TEMPLATE.descriptors()));
        assertThat(store.replace("demo", "linus", old, newer)).isTrue();
        assertThat(store.replace("demo", "linus", old, sealer.seal("demo", "linus", TEMPLATE))).as("lost the race").isFalse();
        assertThat(sealer.open("demo", "linus", store.find("demo", "linus").orElseThrow()).modelVersion()).isEqualTo(2);
    }

    @Test
    void aBaselineTemplateWithoutAModelReadsAsUnrecorded() {
        // The LBP baseline wrote: int version, int length, floats.
        byte[] baseline = ByteBuffer.allocate(16).putInt(1).putInt(2).putFloat(0.5f).putFloat(0.25f).array();
        FaceTemplate read = FaceTemplate.fromBytes(baseline);
        assertThat(read.modelId()).isEqualTo(FaceTemplate.UNRECORDED_MODEL);
        assertThat(read.madeBy("model", 1)).isFalse();
    }

    @Test
    void theDatabaseHoldsNoPlaintextTemplate() throws Exception {
        store.enroll("demo", "ada", sealer.seal("demo", "ada", TEMPLATE));
        try (Connection connection = pool.getConnection();
             ResultSet row = connection.createStatement().executeQuery("SELECT template FROM auth.templates WHERE username = 'ada'")) {
            row.next();
            byte[] stored = row.getBytes(1);
            byte[] plain = TEMPLATE.toBytes();
            assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                    .doesNotContain(new String(plain, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aTemplateMovedToAnotherUserOrOpenedWithAnotherKeyDoesNotOpen() throws Exception {
        byte[] sealed = sealer.seal("demo", "grace", TEMPLATE);
        assertThatThrownBy(() -> sealer.open("demo", "mallory", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sealer.open("acme", "grace", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new TemplateSealer(aesKey()).open("demo", "grace", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDatabaseMadeBeforeMigrationsIsBaselinedAndKeepsItsTemplates() throws Exception {
        try (EmbeddedPostgres earlier = EmbeddedPostgres.builder().start();
             AgroalDataSource earlierPool = DatabasePool.open(earlier.getJdbcUrl("postgres", "postgres"),
                     Optional.of("postgres"), Optional.empty(), 1)) {
            // What releases before Flyway created at start-up, with one user enrolled.
            try (Connection connection = earlierPool.getConnection(); var sql = connection.createStatement()) {
                sql.execute("CREATE SCHEMA auth");
                sql.execute("CREATE TABLE auth.templates (customer text NOT NULL, username text NOT NULL, template bytea NOT NULL, "
                        + "enrolled_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (customer, username))");
                sql.execute("INSERT INTO auth.templates (customer, username, template) VALUES ('demo', 'ada', '\\x0102')");
            }
            var result = AuthSchema.SCHEMA.migrate(earlierPool);
            assertThat(result.migrationsExecuted).as("baselined at 1; the later migrations run")
                    .isEqualTo(AuthSchema.MIGRATIONS.size() - 1);
            assertThat(new TemplateStore(earlierPool).find("demo", "ada")).hasValueSatisfying(t -> assertThat(t).containsExactly(1, 2));
            try (Connection connection = earlierPool.getConnection();
                 ResultSet history = connection.createStatement().executeQuery("SELECT version, type FROM auth.flyway_schema_history")) {
                assertThat(history.next()).isTrue();
                assertThat(history.getString(1)).isEqualTo("1");
                assertThat(history.getString(2)).isEqualTo("BASELINE");
            }
        }
    }

    @Test
    void connectionsAreReusedNotOpenedPerCall() throws Exception {
        // Each PostgreSQL connection is its own server process: the pool's 50 borrowings meet at most its 2.
        Set<Integer> serverProcesses = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            try (Connection connection = pool.getConnection(); ResultSet pid = connection.createStatement()
                    .executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                serverProcesses.add(pid.getInt(1));
            }
        }
        assertThat(serverProcesses).hasSizeLessThanOrEqualTo(2);
    }
}
