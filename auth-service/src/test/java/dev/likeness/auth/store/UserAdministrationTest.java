package dev.likeness.auth.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Erasure, unlock and the audit, on a real (embedded) PostgreSQL. */
class UserAdministrationTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    TemplateStore templates;
    /** Locks a user out at the first failure. */
    LockoutStore lockout;
    UserAdministration users;

    @BeforeEach
    void stores() {
        templates = new TemplateStore(database.pool());
        lockout = new LockoutStore(database.pool(), 1, Duration.ofMinutes(10));
        users = new UserAdministration(database.pool());
    }

    @Test
    void erasureTakesTheTemplateAndTheLockoutStateOfThatUserOnly() throws Exception {
        templates.enroll("demo", "ada", new byte[]{1});
        templates.enroll("demo", "grace", new byte[]{2});
        templates.enroll("acme", "ada", new byte[]{3});
        lockout.failed("demo", "ada", UUID.randomUUID().toString());

        assertThat(users.erase("demo", "ada", new UserAdministration.AuditRecord("demo", "ops@demo", "erase", "ada", ""))).isTrue();
        assertThat(users.auditOf("demo", 1)).as("recorded with the erasure, in its transaction")
                .containsExactly(new UserAdministration.AuditRecord("demo", "ops@demo", "erase", "ada", "erased"));
        assertThat(templates.find("demo", "ada")).isEmpty();
        assertThat(lockout.isLockedOut("demo", "ada")).isFalse();
        assertThat(templates.find("demo", "grace")).as("another user").isPresent();
        assertThat(templates.find("acme", "ada")).as("the same name at another customer").isPresent();
        assertThat(users.erase("demo", "ada", new UserAdministration.AuditRecord("demo", "ops@demo", "erase", "ada", "")))
                .as("nothing left to erase").isFalse();
        assertThat(users.auditOf("demo", 1).get(0).outcome()).isEqualTo("nothing stored");
    }

    @Test
    void theAuditKeepsWhoDidWhatToWhomPerCustomerNewestFirst() throws Exception {
        users.audit(new UserAdministration.AuditRecord("audited", "ops@bank.example", "erase", "ada", "done"));
        users.audit(new UserAdministration.AuditRecord("audited", "(refused)", "unlock", "ada", "token used before"));
        users.audit(new UserAdministration.AuditRecord("other", "ops@other", "erase", "bob", "done"));
        assertThat(users.auditOf("audited", 10)).extracting(UserAdministration.AuditRecord::action).containsExactly("unlock", "erase");
        assertThat(users.auditOf("audited", 1)).hasSize(1);
    }

    @Test
    void anUnlockForgetsTheFailuresOfThatUserWithItsRecordInOneTransaction() throws Exception {
        LockoutStore lockout = new LockoutStore(database.pool(), 2, Duration.ofMinutes(10));
        lockout.failed("locks", "ada", UUID.randomUUID().toString());
        lockout.failed("locks", "ada", UUID.randomUUID().toString());
        lockout.failed("locks", "bob", UUID.randomUUID().toString());
        lockout.failed("locks", "bob", UUID.randomUUID().toString());
        assertThat(lockout.isLockedOut("locks", "ada")).isTrue();

        assertThat(users.unlock("locks", "ada", new UserAdministration.AuditRecord("locks", "ops@locks", "unlock", "ada", ""))).isTrue();
        assertThat(lockout.isLockedOut("locks", "ada")).isFalse();
        assertThat(lockout.isLockedOut("locks", "bob")).as("another user").isTrue();
        assertThat(users.auditOf("locks", 1)).containsExactly(new UserAdministration.AuditRecord("locks", "ops@locks", "unlock", "ada",
                "unlocked"));
        assertThat(users.unlock("locks", "ada", new UserAdministration.AuditRecord("locks", "ops@locks", "unlock", "ada", ""))).isFalse();
        assertThat(users.auditOf("locks", 1).get(0).outcome()).isEqualTo("nothing to unlock");
    }

    @Test
    void whenTheAuditCannotBeWrittenNeitherAnErasureNorAnUnlockHappens() throws Exception {
        templates.enroll("unaudited", "ada", new byte[]{1});
        lockout.failed("unaudited", "bob", UUID.randomUUID().toString());
        try (var connection = database.pool().getConnection(); var statement = connection.createStatement()) {
            // Rows of this customer can no longer be inserted into the audit: its write fails mid-transaction.
            statement.execute("ALTER TABLE auth.admin_audit ADD CONSTRAINT no_unaudited CHECK (customer <> 'unaudited') NOT VALID");
        }
        try {
            assertThatThrownBy(() -> users.erase("unaudited", "ada", new UserAdministration.AuditRecord("unaudited", "ops", "erase", "ada",
                    "")))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> users.unlock("unaudited", "bob", new UserAdministration.AuditRecord("unaudited", "ops", "unlock",
                    "bob", "")))
                    .isInstanceOf(SQLException.class);
            assertThat(templates.find("unaudited", "ada")).as("the erasure rolled back").isPresent();
            assertThat(lockout.isLockedOut("unaudited", "bob")).as("the unlock rolled back").isTrue();
        } finally {
            try (var connection = database.pool().getConnection(); var statement = connection.createStatement()) {
                statement.execute("ALTER TABLE auth.admin_audit DROP CONSTRAINT no_unaudited");
            }
        }
    }

    /** The audit is read a page at a time, filtered by user or action, and nothing is older than its retention. */
    @Test
    void theAuditIsReadByPagesAndKeptForItsRetention() throws Exception {
        String customer = "paged-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            users.unlock(customer, "user-" + (i % 2), new UserAdministration.AuditRecord(customer, "ops", "unlock", "user-" + (i % 2), ""));
        }
        var first = users.audit(new UserAdministration.AuditQuery(customer, Optional.empty(), Optional.empty(), Optional.empty(), 2));
        var second = users.audit(new UserAdministration.AuditQuery(customer, Optional.empty(), Optional.empty(),
                Optional.of(first.get(1).id()), 2));
        var rest = users.audit(new UserAdministration.AuditQuery(customer, Optional.empty(), Optional.empty(),
                Optional.of(second.get(1).id()), 2));
        assertThat(first).hasSize(2);
        assertThat(second).hasSize(2);
        assertThat(rest).hasSize(1);
        assertThat(first.get(0).id()).isGreaterThan(first.get(1).id()).isGreaterThan(second.get(0).id());
        assertThat(users.audit(new UserAdministration.AuditQuery(customer, Optional.of("user-0"), Optional.empty(), Optional.empty(), 10)))
                .hasSize(3);
        assertThat(users.audit(new UserAdministration.AuditQuery(customer, Optional.empty(), Optional.of("erase"), Optional.empty(), 10)))
                .isEmpty();

        try (var connection = database.pool().getConnection(); var age = connection.prepareStatement(
                "UPDATE auth.admin_audit SET at = now() - interval '401 days' WHERE customer = ? AND username = 'user-1'")) {
            age.setString(1, customer);
            age.executeUpdate();
        }
        assertThat(users.forgetAuditOlderThan(Duration.ofDays(400))).isGreaterThanOrEqualTo(2);
        assertThat(users.auditOf(customer, 10)).extracting(UserAdministration.AuditRecord::username).containsOnly("user-0");
    }
}
