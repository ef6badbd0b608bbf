package dev.likeness.cli.command;

import dev.likeness.cli.DemoBackendClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.concurrent.Callable;

@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = "Lift the lockout of a user of the demo customer, through auth-service's admin API. Audited.")
public final class UnlockCommand implements Callable<Integer> {
    @Option(names = "--username", required = true, paramLabel = "NAME", description = "The user to unlock.")
    String username;

    @Override
    public Integer call() throws Exception {
        new DemoBackendClient(URI.create(StackHome.locate().ports().demoBackendUrl())).unlock(username);
        System.out.println("unlocked " + username);
        return 0;
    }
}
