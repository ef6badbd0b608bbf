package dev.likeness.system;

import dev.likeness.client.CustomerBackend;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.DemoLiveness;
import dev.likeness.launcher.LocalStack;
import dev.likeness.launcher.StackPorts;
import dev.likeness.launcher.StackScale;
import dev.likeness.liveness.SessionLiveness;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A local stack of one test class's own, in a temporary home, for tests that kill, restart or
 * stop its parts (the shared {@link RunningStack} must stay whole for the others). As an
 * extension it is up for the whole class and gone after it:
 * {@code @RegisterExtension static final OwnStack own = new OwnStack("faults", scale);}
 */
final class OwnStack implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private final String name;
    private final StackScale scale;
    private final DemoLiveness liveness;
    private Path home;
    private LocalStack local;
    private RunningStack.Stack stack;

    /** A stack with the demo customer's liveness off: its tests send still photos. */
    OwnStack(String name, StackScale scale) {
        this(name, scale, SessionLiveness.Policy.OFF);
    }

    OwnStack(String name, StackScale scale, SessionLiveness.Policy liveness) {
        this(name, scale, DemoLiveness.of(liveness));
    }

    OwnStack(String name, StackScale scale, DemoLiveness liveness) {
        this.name = name;
        this.scale = scale;
        this.liveness = liveness;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        up();
    }

    /** Starts it on free ports (again, after a `down`, on the same home); what the tests use of it. */
    RunningStack.Stack up() throws Exception {
        if (local == null) {
            home = Files.createTempDirectory("likeness-" + name);
            local = new LocalStack(Path.of(".."), home, System.out);
        }
        StackPorts ports = StackPorts.free();
        local.up(ports, scale, liveness);
        stack = new RunningStack.Stack(local, ports, new CustomerBackend(local.customer().loadAuthorizationPrivateKey(),
                DemoCustomer.TOKEN_AUDIENCE, URI.create(ports.verifierUrl()),
                    local.customer().loadVerifierCallerKey(), Optional.of(local.customer().tls().caCertificate())));
        return stack;
    }

    /** The stack's processes, to kill, stop and restart. */
    LocalStack local() {
        return local;
    }

    /** What the tests use of the stack last started. */
    RunningStack.Stack stack() {
        return stack;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Stops every part and deletes the home. */
    @Override
    public void close() throws Exception {
        if (local == null) {
            return;
        }
        local.down();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
