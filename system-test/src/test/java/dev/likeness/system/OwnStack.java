package dev.likeness.system;

import dev.likeness.demo.DemoBackend;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.LocalStack;
import dev.likeness.launcher.StackPorts;
import dev.likeness.launcher.StackScale;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A local stack of one test class's own, in a temporary home, for tests that kill, restart or
 * stop its parts (the shared {@link RunningStack} must stay whole for the others).
 */
final class OwnStack implements AutoCloseable {

    final Path home;
    final LocalStack local;
    private final StackScale scale;

    OwnStack(String name, StackScale scale) throws Exception {
        this.home = Files.createTempDirectory("likeness-" + name);
        this.local = new LocalStack(Path.of(".."), home, System.out);
        this.scale = scale;
    }

    /** Starts it on free ports (again, after a `down`, on the same home); what the tests use of it. */
    RunningStack.Stack up() throws Exception {
        StackPorts ports = StackPorts.free();
        local.up(ports, scale);
        return new RunningStack.Stack(local, ports, new DemoBackend(local.customer().loadAuthorizationPrivateKey(),
                DemoCustomer.TOKEN_AUDIENCE, URI.create(ports.verifierUrl())));
    }

    /** Stops every part and deletes the home. */
    @Override
    public void close() throws Exception {
        local.down();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
