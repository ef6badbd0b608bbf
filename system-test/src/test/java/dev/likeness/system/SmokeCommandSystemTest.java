package dev.likeness.system;

import dev.likeness.cli.Likeness;
import dev.likeness.crypto.PemKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `./likeness smoke` against the local stack, given everything a deployed stack needs (URLs, the
 * customer's keys, the verifier's CA): a fresh user enrolls and authenticates, each JWT verified.
 * ContainerDeploymentSystemTest runs it against the containers too.
 */
@ExtendWith(RunningStack.class)
class SmokeCommandSystemTest {

    /** What `smoke` ended with, and what it printed. */
    record Result(int exit, String output) {
    }

    /** Runs `smoke ARGS` in this JVM, its output captured (and echoed to the test's). */
    static Result smoke(String... args) {
        PrintStream standard = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try (PrintStream captured = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            String[] command = new String[args.length + 1];
            command[0] = "smoke";
            System.arraycopy(args, 0, command, 1, args.length);
            exit = new CommandLine(new Likeness()).execute(command);
        } finally {
            System.setOut(standard);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        standard.print(output);
        return new Result(exit, output);
    }

    @Test
    void aFreshUserEnrollsAndAuthenticatesAndBothJwtsVerify(RunningStack.Stack stack) {
        Path keys = stack.customer().authorizationPrivateKey().getParent();
        Result result = smoke("--gateway", stack.ports().gatewayUrl(), "--verifier", stack.ports().verifierUrl(),
                "--keys", keys.toString(), "--ca", stack.customer().tls().caCertificate().toString());
        assertThat(result.exit()).as(result.output()).isEqualTo(0);
        assertThat(result.output()).containsPattern("enroll +pass .*jwt-verifier: valid")
                .containsPattern("auth +pass .*jwt-verifier: valid");
    }

    @Test
    void keysTheStackDoesNotKnowFailTheCheckWithTheGatewaysAnswer(RunningStack.Stack stack) throws Exception {
        Path keys = stack.customer().authorizationPrivateKey().getParent();
        Path stranger = Files.createTempDirectory("likeness-smoke-keys");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        PemKeys.writePrivateKey(ec.generateKeyPair().getPrivate(), stranger.resolve("user-authorization.private.pem"));
        Files.copy(keys.resolve("image-encryption.public.pem"), stranger.resolve("image-encryption.public.pem"));
        Files.copy(keys.resolve("verifier-caller.key"), stranger.resolve("verifier-caller.key"));

        Result result = smoke("--gateway", stack.ports().gatewayUrl(), "--verifier", stack.ports().verifierUrl(), "--keys",
                stranger.toString(), "--ca", stack.customer().tls().caCertificate().toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).containsPattern("enroll +FAIL +SERVER_FORBIDDEN").doesNotContain("auth ");
    }
}
