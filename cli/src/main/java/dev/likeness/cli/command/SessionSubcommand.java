package dev.likeness.cli.command;

import dev.likeness.proto.v1.Operation;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** enroll and auth: the same options and session, for one operation each. */
abstract class SessionSubcommand implements Callable<Integer> {
    @Mixin
    SessionOptions options;

    abstract Operation operation();

    @Override
    public Integer call() throws Exception {
        return new SessionRun(System.out, StackHome.locate().ports()).run(operation(), options);
    }
}
