package dev.likeness.system;

import dev.likeness.client.SessionReport;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.StackScale;
import dev.likeness.proto.v1.Operation;
import org.junit.jupiter.api.Test;

import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.newUsername;
import static dev.likeness.system.Sessions.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing enrolled is lost when the whole stack stops: enroll, `down`, `up` on the same home
 * (the broker's and the database's data, the keys), authenticate, and the customer's backend
 * verifies the JWT. A stack of its own, so stopping it touches no other test.
 */
class DurabilitySystemTest {

    @Test
    void anEnrolledUserIsStillVerifiedAfterDownAndUp() throws Exception {
        String user = newUsername("durable");
        try (OwnStack own = new OwnStack("durability", StackScale.ONE_EACH)) {
            RunningStack.Stack first = own.up();
            assertThat(run(first, Operation.ENROLL, user, faces("grace-hopper"), "open an account").finished()).isTrue();
            own.local().down();
            assertThat(own.local().isAnyRunning()).as("down stops every part").isFalse();

            RunningStack.Stack second = own.up();
            SessionReport authenticated = run(second, Operation.AUTH, user, faces("grace-hopper-second-photo"), "pay after a restart");
            assertThat(authenticated.error()).isEmpty();
            assertThat(second.backend().verify(authenticated.transactionJwt().orElseThrow(), DemoCustomer.NAME, user, "auth",
                    "pay after a restart").valid()).isTrue();
        }
    }
}
