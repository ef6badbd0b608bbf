package dev.likeness.system;

import dev.likeness.client.CustomerBackend;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.LocalStack;
import dev.likeness.launcher.StackPorts;
import dev.likeness.launcher.StackScale;
import dev.likeness.liveness.SessionLiveness;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One local stack for the whole test run, on free ports in a temporary home: the same code as
 * `./likeness up`, so the system tests prove what a user runs. Stopped when the run ends.
 */
public final class RunningStack implements ParameterResolver {

    /** What a test needs of the running stack. */
    public record Stack(LocalStack stack, StackPorts ports, CustomerBackend backend) {
        public URI gateway() {
            return URI.create(ports.gatewayUrl());
        }

        public DemoCustomer customer() {
            return stack.customer();
        }
    }

    private static final class Resource implements ExtensionContext.Store.CloseableResource {
        final Stack stack;
        final Path home;

        Resource() throws Exception {
            home = Files.createTempDirectory("likeness-system-test");
            LocalStack local = new LocalStack(Path.of(".."), home, System.out);
            StackPorts ports = StackPorts.free();
            try {
                // Liveness off: the tests of other features send still photos; LivenessSystemTest has a stack of its own.
                local.up(ports, StackScale.ONE_EACH, SessionLiveness.Policy.OFF);
            } catch (Exception e) {
                local.down();
                printLogs(home);
                throw e;
            }
            stack = new Stack(local, ports, new CustomerBackend(local.customer().loadAuthorizationPrivateKey(),
                    DemoCustomer.TOKEN_AUDIENCE, URI.create(ports.verifierUrl()),
                    local.customer().loadVerifierCallerKey(), Optional.of(local.customer().tls().caCertificate())));
        }

        @Override
        public void close() throws Exception {
            stack.stack().down();
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Stack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(RunningStack.class))
                .getOrComputeIfAbsent(Resource.class, type -> {
                    try {
                        return new Resource();
                    } catch (Exception e) {
                        throw new IllegalStateException("the local stack did not start", e);
                    }
                }, Resource.class).stack;
    }

    private static void printLogs(Path home) throws IOException {
        Path logs = home.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.toList()) {
                System.out.println("==== " + log.getFileName());
                System.out.println(Files.readString(log));
            }
        }
    }
}
