package dev.likeness.auth.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lockout's window and sharing, on a real (embedded) PostgreSQL. */
class LockoutStoreTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void theLockLiftsOnceTheFailuresAreOlderThanTheWindow() throws Exception {
        LockoutStore lockout = new LockoutStore(database.pool(), 2, Duration.ofMillis(1500));
        lockout.recordFailure("demo", "window");
        assertThat(lockout.isLockedOut("demo", "window")).isFalse();
        lockout.recordFailure("demo", "window");
        assertThat(lockout.isLockedOut("demo", "window")).isTrue();
        assertThat(lockout.isLockedOut("acme", "window")).as("per customer").isFalse();
        Thread.sleep(1700);
        assertThat(lockout.isLockedOut("demo", "window")).isFalse();
    }

    @Test
    void twoInstancesShareTheCount() throws Exception {
        // two auth-service instances: two stores, one database
        LockoutStore first = new LockoutStore(database.pool(), 3, Duration.ofMinutes(10));
        LockoutStore second = new LockoutStore(database.secondPool(), 3, Duration.ofMinutes(10));
        first.recordFailure("demo", "shared");
        second.recordFailure("demo", "shared");
        first.recordFailure("demo", "shared");
        assertThat(second.isLockedOut("demo", "shared")).isTrue();
        second.clear("demo", "shared");
        assertThat(first.isLockedOut("demo", "shared")).isFalse();
    }

    @Test
    void atLeastOneFailureIsAllowed() {
        assertThatThrownBy(() -> new LockoutStore(database.pool(), 0, Duration.ofMinutes(10))).isInstanceOf(IllegalArgumentException.class);
    }
}
