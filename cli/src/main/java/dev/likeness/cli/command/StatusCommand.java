package dev.likeness.cli.command;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "What is running, whether it is ready, and how much memory it holds. Exit 3 when a part is not up.")
public final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return StackHome.locate().status() ? 0 : 3;
    }
}
