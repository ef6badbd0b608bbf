package dev.likeness.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "kill", mixinStandardHelpOptions = true,
        description = "Kill one part of the local stack at once (SIGKILL), as a crash would: a service process as `status` names it "
                + "(quality-service-2, auth-relay, ...) or kafka. `restart` brings it back.")
public final class KillCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "PART", description = "The part, as `./likeness status` lists it.")
    String part;

    @Override
    public Integer call() throws Exception {
        StackHome.locate().kill(part);
        System.out.println("killed " + part);
        return 0;
    }
}
