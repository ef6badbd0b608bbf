package dev.likeness.cli.command;

import dev.likeness.cli.DemoBackendClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.concurrent.Callable;

@Command(name = "erase", mixinStandardHelpOptions = true,
        description = "Erase a user of the demo customer (template and lockout state), as the customer's backend does "
                + "through auth-service's admin API; authentication then answers SERVER_USER_NOT_FOUND. Audited.")
public final class EraseCommand implements Callable<Integer> {
    @Option(names = "--username", required = true, paramLabel = "NAME", description = "The user to erase.")
    String username;

    @Override
    public Integer call() throws Exception {
        var answer = new DemoBackendClient(URI.create(StackHome.locate().ports().demoBackendUrl())).erase(username);
        System.out.println(answer.path("erased").asBoolean() ? "erased " + username : "nothing stored for " + username
                + " (nothing to erase)");
        return 0;
    }
}
