package dev.likeness.system;

import dev.likeness.client.SessionReport;
import dev.likeness.demo.DemoBackend;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.LocalStack;
import dev.likeness.launcher.StackPorts;
import dev.likeness.proto.v1.Operation;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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

    static RunningStack.Stack up(LocalStack local) throws Exception {
        StackPorts ports = StackPorts.free();
        local.up(ports);
        return new RunningStack.Stack(local, ports, new DemoBackend(local.customer().loadAuthorizationPrivateKey(),
                DemoCustomer.TOKEN_AUDIENCE, URI.create(ports.verifierUrl())));
    }

    @Test
    void anEnrolledUserIsStillVerifiedAfterDownAndUp() throws Exception {
        Path home = Files.createTempDirectory("likeness-durability");
        LocalStack local = new LocalStack(Path.of(".."), home, System.out);
        String user = newUsername("durable");
        try {
            RunningStack.Stack first = up(local);
            assertThat(run(first, Operation.ENROLL, user, faces("grace-hopper"), "open an account").finished()).isTrue();
            local.down();
            assertThat(local.isAnyRunning()).as("down stops every part").isFalse();

            RunningStack.Stack second = up(local);
            SessionReport authenticated = run(second, Operation.AUTH, user, faces("grace-hopper-second-photo"), "pay after a restart");
            assertThat(authenticated.error()).isEmpty();
            assertThat(second.backend().verify(authenticated.transactionJwt().orElseThrow(), DemoCustomer.NAME, "auth",
                    "pay after a restart").valid()).isTrue();
        } finally {
            local.down();
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }
}
