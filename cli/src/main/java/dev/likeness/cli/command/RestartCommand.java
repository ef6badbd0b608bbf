package dev.likeness.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Stop one part of the local stack if it runs (SIGTERM) and start it again as `up` did; waits until it is ready "
                + "(for kafka, until the consumer groups own every partition again).")
public final class RestartCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "PART", description = "The part, as `./likeness status` lists it.")
    String part;

    @Override
    public Integer call() throws Exception {
        StackHome.locate().restart(part);
        System.out.println("restarted " + part);
        return 0;
    }
}
