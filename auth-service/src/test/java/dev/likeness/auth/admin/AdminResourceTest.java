package dev.likeness.auth.admin;

import dev.likeness.auth.store.LockoutStore;
import dev.likeness.auth.store.MigratedDatabase;
import dev.likeness.auth.store.UserAdministration;
import dev.likeness.database.UsedTokens;
import dev.likeness.testsupport.TestClock;
import dev.likeness.testsupport.TestKeys;
import dev.likeness.testsupport.TestTokens;
import jakarta.ws.rs.core.Response;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.KeyPair;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API fails closed on its audit: no change and no answer without the record. */
class AdminResourceTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    KeyPair demo;
    AdminResource admin;
    UserAdministration users;
    LockoutStore lockout;

    @BeforeEach
    void setUp() throws Exception {
        demo = TestKeys.ec();
        Clock clock = Clock.fixed(AdminTokenVerifierTest.NOW, ZoneOffset.UTC);
        users = new UserAdministration(database.pool());
        lockout = new LockoutStore(database.pool(), 1, Duration.ofMinutes(10));
        admin = new AdminResource(new AdminTokenVerifier(Map.of("demo", List.of(demo.getPublic())), UsedTokens.inMemory(clock), clock),
                users, ImageKeyStates.of(Map.of(), null));
    }

    String bearer() throws Exception {
        return "Bearer " + TestTokens.signed(demo.getPrivate(), AdminTokenVerifierTest.claims().build());
    }

    @Test
    void anUnlockAndAReadAreRecordedWithWhoDidThem() throws Exception {
        lockout.failed("demo", "ada", UUID.randomUUID().toString());
        assertThat(admin.unlock("demo", "ada", bearer()).getStatus()).isEqualTo(200);
        assertThat(lockout.isLockedOut("demo", "ada")).isFalse();
        Response audit = admin.audit("demo", bearer(), null, null, null, null);
        assertThat(audit.getStatus()).isEqualTo(200);
        assertThat(users.auditOf("demo", 2)).extracting(UserAdministration.AuditRecord::action, UserAdministration.AuditRecord::outcome)
                .containsExactly(Tuple.tuple("read_audit", "done"), Tuple.tuple("unlock", "unlocked"));
        assertThat(admin.unlock("demo", "ada", "Bearer not-a-token").getStatus()).isEqualTo(401);
        assertThat(users.auditOf("demo", 1).get(0).actor()).isEqualTo("(refused)");
    }

    @Test
    void withoutItsAuditRecordAnUnlockChangesNothingAndAReadDisclosesNothing() throws Exception {
        lockout.failed("demo", "bob", UUID.randomUUID().toString());
        failAuditWrites(true);
        try {
            Response unlock = admin.unlock("demo", "bob", bearer());
            assertThat(unlock.getStatus()).isEqualTo(503);
            assertThat(lockout.isLockedOut("demo", "bob")).as("the unlock rolled back with its record").isTrue();
            Response read = admin.audit("demo", bearer(), null, null, null, null);
            assertThat(read.getStatus()).isEqualTo(503);
            assertThat(read.getEntity()).isEqualTo(Map.of("error", "store unavailable; nothing was changed"));
            assertThat(admin.imageKeys("demo", bearer()).getStatus()).isEqualTo(503);
        } finally {
            failAuditWrites(false);
        }
        assertThat(admin.unlock("demo", "bob", bearer()).getStatus()).as("with the audit back").isEqualTo(200);
    }

    /** Unauthenticated calls cannot fill the audit: none for a customer without an admin API, ten a minute for one with. */
    @Test
    void aLoopOfRefusedCallsDoesNotFloodTheAudit() throws Exception {
        TestClock clock = TestClock.at(AdminTokenVerifierTest.NOW);
        AdminResource limited = new AdminResource(new AdminTokenVerifier(Map.of("demo", List.of(demo.getPublic()), "keyless", List.of()),
                UsedTokens.inMemory(clock), clock), users, ImageKeyStates.of(Map.of(), null), new RefusalAudit(10, clock),
                new CallRate(1000, clock));
        for (String customer : List.of("flood-" + UUID.randomUUID(), "keyless")) {
            assertThat(limited.unlock(customer, "ada", "Bearer not-a-token").getStatus()).isEqualTo(401);
            assertThat(users.auditOf(customer, 10)).as(customer + " has no admin API: no row").isEmpty();
        }
        String victim = "flooded-" + UUID.randomUUID();
        for (int call = 0; call < 50; call++) {
            assertThat(limited.unlock("demo", victim, "Bearer not-a-token").getStatus()).isEqualTo(401);
        }
        assertThat(rowsAbout(victim)).as("refusals written in the first minute").hasSize(10);
        clock.advance(Duration.ofSeconds(61));
        limited.unlock("demo", victim, "Bearer not-a-token");
        assertThat(rowsAbout(victim)).hasSize(11);
        assertThat(users.auditOf("demo", 1).get(0).outcome()).endsWith("(40 refusals before this not recorded)");
    }

    /** A loop against one customer's admin API is cut off at the rate, valid token or not, and let through the next minute. */
    @Test
    void callsOverTheRateAreRefusedWith429() throws Exception {
        TestClock clock = TestClock.at(AdminTokenVerifierTest.NOW);
        AdminResource limited = new AdminResource(new AdminTokenVerifier(Map.of("demo", List.of(demo.getPublic())),
                UsedTokens.inMemory(clock), clock), users, ImageKeyStates.of(Map.of(), null), new RefusalAudit(10, clock),
                new CallRate(5, clock));
        for (int call = 0; call < 5; call++) {
            assertThat(limited.unlock("demo", "rate-" + call, "Bearer not-a-token").getStatus()).isEqualTo(401);
        }
        Response over = limited.unlock("demo", "rate-x", bearer());
        assertThat(over.getStatus()).as("a valid token too").isEqualTo(429);
        assertThat(over.getHeaderString("Retry-After")).isEqualTo("60");
        clock.advance(Duration.ofSeconds(61));
        assertThat(limited.unlock("demo", "rate-x", bearer()).getStatus()).isEqualTo(200);
    }

    List<UserAdministration.AuditRecord> rowsAbout(String username) throws SQLException {
        return users.auditOf("demo", 1000).stream().filter(row -> username.equals(row.username())).toList();
    }

    /** A name in another Unicode form, or with a line break, is refused before any token check or audit row. */
    @Test
    void namesNotInTheirCanonicalFormAreRefused() throws Exception {
        int before = users.auditOf("demo", 1000).size();
        assertThat(admin.erase("demo", "jose\u0301", bearer()).getStatus()).isEqualTo(400);
        assertThat(admin.unlock("demo", "ada\nINFO forged", bearer()).getStatus()).isEqualTo(400);
        assertThat(admin.audit("demo\u0000", bearer(), null, null, null, null).getStatus()).isEqualTo(400);
        assertThat(users.auditOf("demo", 1000)).hasSize(before);
    }

    /** Makes every insert into the audit fail (as a full disk or a revoked grant would), or lifts that. */
    private static void failAuditWrites(boolean fail) throws SQLException {
        try (var connection = database.pool().getConnection(); var statement = connection.createStatement()) {
            statement.execute(fail ? "ALTER TABLE auth.admin_audit ADD CONSTRAINT audit_fails CHECK (false) NOT VALID"
                    : "ALTER TABLE auth.admin_audit DROP CONSTRAINT audit_fails");
        }
    }
}
