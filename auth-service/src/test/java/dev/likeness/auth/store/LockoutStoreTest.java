package dev.likeness.auth.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lockout's window, its counting of attempts as they begin, and its sharing, on a real (embedded) PostgreSQL. */
class LockoutStoreTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    static String session() {
        return UUID.randomUUID().toString();
    }

    @Test
    void theLockLiftsOnceTheAttemptsAreOlderThanTheWindow() throws Exception {
        LockoutStore lockout = new LockoutStore(database.pool(), 2, Duration.ofMillis(1500));
        assertThat(lockout.begin("demo", "window", session())).isTrue();
        assertThat(lockout.isLockedOut("demo", "window")).isFalse();
        assertThat(lockout.begin("demo", "window", session())).isTrue();
        assertThat(lockout.isLockedOut("demo", "window")).as("two attempts that did not succeed").isTrue();
        assertThat(lockout.begin("demo", "window", session())).as("a third may not begin").isFalse();
        assertThat(lockout.begin("acme", "window", session())).as("per customer").isTrue();
        Thread.sleep(1700);
        assertThat(lockout.begin("demo", "window", session())).isTrue();
    }

    @Test
    void anAttemptCountsFromItsBeginningUntilItSucceeds() throws Exception {
        LockoutStore lockout = new LockoutStore(database.pool(), 2, Duration.ofMinutes(10));
        String undecided = session();
        assertThat(lockout.begin("demo", "pending", undecided)).isTrue();
        String failed = session();
        assertThat(lockout.begin("demo", "pending", failed)).isTrue();
        lockout.failed("demo", "pending", failed);
        assertThat(lockout.isLockedOut("demo", "pending")).as("an undecided attempt counts as a failure").isTrue();
        assertThat(lockout.begin("demo", "pending", undecided)).as("a session that began goes on (its stream reopened)").isTrue();
        assertThat(lockout.begin("demo", "pending", session())).as("a new one does not").isFalse();
        lockout.succeeded("demo", "pending");
        assertThat(lockout.isLockedOut("demo", "pending")).isFalse();
        lockout.failed("demo", "pending", failed);
        lockout.failed("demo", "pending", failed);
        assertThat(lockout.isLockedOut("demo", "pending")).as("a failure is one whatever its records").isFalse();
    }

    @Test
    void twentyAttemptsAtOnceOnTwoInstancesBeginAsManyTimesAsTheLimit() throws Exception {
        // two auth-service instances: two stores, one database
        List<LockoutStore> instances = List.of(new LockoutStore(database.pool(), 5, Duration.ofMinutes(10)),
                new LockoutStore(database.secondPool(), 5, Duration.ofMinutes(10)));
        ExecutorService attempts = Executors.newFixedThreadPool(20);
        CountDownLatch together = new CountDownLatch(1);
        List<Future<Boolean>> begun = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            LockoutStore instance = instances.get(i % 2);
            begun.add(attempts.submit(() -> {
                together.await();
                return instance.begin("demo", "crowded", session());
            }));
        }
        together.countDown();
        int allowed = 0;
        for (Future<Boolean> attempt : begun) {
            allowed += attempt.get(1, TimeUnit.MINUTES) ? 1 : 0;
        }
        attempts.shutdown();
        assertThat(allowed).isEqualTo(5);
        instances.get(1).succeeded("demo", "crowded");
        assertThat(instances.get(0).begin("demo", "crowded", session())).as("a success on one instance lifts it on the other").isTrue();
    }

    /** {@code attempts} attempts of the user that did not succeed, the latest {@code ago} before now (a minute apart). */
    static void attemptsAgo(String username, int attempts, Duration ago) throws SQLException {
        try (var connection = database.pool().getConnection(); var insert = connection.prepareStatement(
                "INSERT INTO auth.authentication_failures (customer, username, session_id, failed_at) "
                        + "VALUES ('demo', ?, ?, now() - make_interval(secs => ?))")) {
            for (int i = 0; i < attempts; i++) {
                insert.setString(1, username);
                insert.setString(2, session());
                insert.setDouble(3, ago.plusMinutes(attempts - 1 - i).toSeconds());
                insert.executeUpdate();
            }
        }
    }

    /**
     * The guesses a day allows one user: each round of five doubles the wait after the latest
     * attempt (10, 20, 40 minutes), and the twentieth within 24 hours locks the user until the
     * customer unlocks them; attempts older than the day no longer count.
     */
    @Test
    void eachRoundOfFailuresDoublesTheBackOffAndTheTwentiethLocksUntilUnlocked() throws Exception {
        LockoutStore lockout = new LockoutStore(database.pool(), 5, Duration.ofMinutes(10), 20, Duration.ofHours(24));
        assertThat(List.of(lockout.backOff(5), lockout.backOff(9), lockout.backOff(10), lockout.backOff(15)))
                .containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40));

        attemptsAgo("round-one", 5, Duration.ofMinutes(11));
        assertThat(lockout.begin("demo", "round-one", session())).as("the sixth, 11 minutes after the fifth").isTrue();
        assertThat(lockout.beginning("demo", "round-one", session())).as("the seventh, at once").isEqualTo(LockoutStore.State.BACKING_OFF);

        attemptsAgo("round-two", 10, Duration.ofMinutes(15));
        assertThat(lockout.begin("demo", "round-two", session())).as("15 minutes after the tenth: 20 are needed").isFalse();
        attemptsAgo("round-two-later", 10, Duration.ofMinutes(21));
        assertThat(lockout.begin("demo", "round-two-later", session())).isTrue();

        attemptsAgo("day", 19, Duration.ofHours(5));
        assertThat(lockout.begin("demo", "day", session())).as("the twentieth").isTrue();
        assertThat(lockout.beginning("demo", "day", session())).isEqualTo(LockoutStore.State.HARD_LOCKED);
        assertThat(lockout.isLockedOut("demo", "day")).isTrue();
        new UserAdministration(database.pool()).unlock("demo", "day",
                new UserAdministration.AuditRecord("demo", "support", "unlock", "day", ""));
        assertThat(lockout.begin("demo", "day", session())).as("after the customer's unlock").isTrue();

        attemptsAgo("yesterday", 19, Duration.ofHours(25));
        assertThat(lockout.begin("demo", "yesterday", session())).isTrue();
        assertThat(lockout.begin("demo", "yesterday", session())).as("only today's attempt counts").isTrue();
    }

    @Test
    void atLeastOneFailureIsAllowed() {
        assertThatThrownBy(() -> new LockoutStore(database.pool(), 0, Duration.ofMinutes(10))).isInstanceOf(IllegalArgumentException.class);
    }
}
