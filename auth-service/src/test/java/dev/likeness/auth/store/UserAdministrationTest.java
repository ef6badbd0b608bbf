package dev.likeness.auth.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Erasure and the audit, on a real (embedded) PostgreSQL. */
class UserAdministrationTest {

    static EmbeddedPostgres postgres;
    static DataSource pool;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        pool = DatabasePool.open(postgres.getJdbcUrl("postgres", "postgres"), Optional.of("postgres"), Optional.empty(), 2);
        SchemaMigrations.migrate(pool);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void erasureTakesTheTemplateAndTheLockoutStateOfThatUserOnly() throws Exception {
        TemplateStore templates = new TemplateStore(pool);
        LockoutStore lockout = new LockoutStore(pool, 1, Duration.ofMinutes(10));
        UserAdministration users = new UserAdministration(pool);
        templates.enroll("demo", "ada", new byte[]{1});
        templates.enroll("demo", "grace", new byte[]{2});
        templates.enroll("acme", "ada", new byte[]{3});
        lockout.recordFailure("demo", "ada");

        assertThat(users.erase("demo", "ada")).isTrue();
        assertThat(templates.find("demo", "ada")).isEmpty();
        assertThat(lockout.isLockedOut("demo", "ada")).isFalse();
        assertThat(templates.find("demo", "grace")).as("another user").isPresent();
        assertThat(templates.find("acme", "ada")).as("the same name at another customer").isPresent();
        assertThat(users.erase("demo", "ada")).as("nothing left to erase").isFalse();
    }

    @Test
    void theAuditKeepsWhoDidWhatToWhomPerCustomerNewestFirst() throws Exception {
        UserAdministration users = new UserAdministration(pool);
        users.audit(new UserAdministration.AuditRecord("audited", "ops@bank.example", "erase", "ada", "done"));
        users.audit(new UserAdministration.AuditRecord("audited", "(refused)", "unlock", "ada", "token used before"));
        users.audit(new UserAdministration.AuditRecord("other", "ops@other", "erase", "bob", "done"));
        assertThat(users.auditOf("audited", 10)).extracting(UserAdministration.AuditRecord::action).containsExactly("unlock", "erase");
        assertThat(users.auditOf("audited", 1)).hasSize(1);
    }
}
