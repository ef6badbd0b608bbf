package dev.likeness.cli.command;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "rotate-signing-key", mixinStandardHelpOptions = true,
        description = "Replace the local stack's transaction-JWT signing key: auth-service restarts signing with a new kid and "
                + "publishing the old key beside it in the JWKS until its tokens have expired; running verifiers fetch the new "
                + "key on its unknown kid. Sessions starting during the restart get SERVER_UNAVAILABLE.")
public final class RotateSigningKeyCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        System.out.println("signing with the new key " + StackHome.locate().keys().rotateSigningKey()
                + "; the previous key stays in the JWKS for 5 minutes");
        return 0;
    }
}
