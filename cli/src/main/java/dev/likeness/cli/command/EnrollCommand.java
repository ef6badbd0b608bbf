package dev.likeness.cli.command;

import dev.likeness.proto.v1.Operation;
import picocli.CommandLine.Command;

@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = "Enroll a user from image files or a video, with a token from the demo backend; verify the transaction JWT.")
public final class EnrollCommand extends SessionSubcommand {
    @Override
    Operation operation() {
        return Operation.ENROLL;
    }
}
