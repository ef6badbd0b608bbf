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

    /** Runs `smoke ARGS`; its exit code, then what it printed. */
    static Object[] smoke(String... args) {
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
        return new Object[] {exit, output};
    }

    @Test
    void aFreshUserEnrollsAndAuthenticatesAndBothJwtsVerify(RunningStack.Stack stack) {
        Path keys = stack.customer().authorizationPrivateKey().getParent();
        Object[] result = smoke("--gateway", stack.ports().gatewayUrl(), "--verifier", stack.ports().verifierUrl(),
                "--keys", keys.toString(), "--ca", stack.customer().tls().caCertificate().toString());
        assertThat(result[0]).as((String) result[1]).isEqualTo(0);
        assertThat((String) result[1]).containsPattern("enroll +pass .*jwt-verifier: valid")
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

        Object[] result = smoke("--gateway", stack.ports().gatewayUrl(), "--verifier", stack.ports().verifierUrl(), "--keys",
                stranger.toString(), "--ca", stack.customer().tls().caCertificate().toString());

        assertThat(result[0]).isEqualTo(1);
        assertThat((String) result[1]).containsPattern("enroll +FAIL +SERVER_FORBIDDEN").doesNotContain("auth ");
    }
}
