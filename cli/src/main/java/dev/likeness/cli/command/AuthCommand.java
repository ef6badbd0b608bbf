package dev.likeness.cli.command;

import dev.likeness.proto.v1.Operation;
import picocli.CommandLine.Command;

@Command(name = "auth", mixinStandardHelpOptions = true,
        description = "Authenticate a user from image files or a video, with a token from the demo backend; verify the transaction "
                + "JWT.")
public final class AuthCommand extends SessionSubcommand {
    @Override
    Operation operation() {
        return Operation.AUTH;
    }
}
