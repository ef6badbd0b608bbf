package dev.likeness.auth.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Erasure and the audit, on a real (embedded) PostgreSQL. */
class UserAdministrationTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void erasureTakesTheTemplateAndTheLockoutStateOfThatUserOnly() throws Exception {
        TemplateStore templates = new TemplateStore(database.pool());
        LockoutStore lockout = new LockoutStore(database.pool(), 1, Duration.ofMinutes(10));
        UserAdministration users = new UserAdministration(database.pool());
        templates.enroll("demo", "ada", new byte[]{1});
        templates.enroll("demo", "grace", new byte[]{2});
        templates.enroll("acme", "ada", new byte[]{3});
        lockout.recordFailure("demo", "ada");

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
        UserAdministration users = new UserAdministration(database.pool());
        users.audit(new UserAdministration.AuditRecord("audited", "ops@bank.example", "erase", "ada", "done"));
        users.audit(new UserAdministration.AuditRecord("audited", "(refused)", "unlock", "ada", "token used before"));
        users.audit(new UserAdministration.AuditRecord("other", "ops@other", "erase", "bob", "done"));
        assertThat(users.auditOf("audited", 10)).extracting(UserAdministration.AuditRecord::action).containsExactly("unlock", "erase");
        assertThat(users.auditOf("audited", 1)).hasSize(1);
    }
}
