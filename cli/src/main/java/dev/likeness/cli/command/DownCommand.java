package dev.likeness.cli.command;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop everything the stack started.")
public final class DownCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        StackHome.locate().down();
        System.out.println("stopped");
        return 0;
    }
}
