package dev.likeness.system;

import dev.likeness.cli.fuzz.FuzzRun;
import dev.likeness.cli.fuzz.ProtocolFuzzer;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.proto.v1.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.likeness.system.Sessions.face;
import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.newUsername;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol fuzzer against the shared test stack, with a fixed seed and a count that fits the
 * test run (`./likeness fuzz --messages 10000` runs the full one): every connection ends with a
 * code or a normal close, no service logs an error or a stack trace, a real session is served
 * after, and no service's live heap grew by more than 10 %.
 */
@ExtendWith(RunningStack.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProtocolFuzzSystemTest {

    static final long SEED = 20261128L;
    static final int MESSAGES = 1500;

    @Test
    void generatedBadMessagesEndOnlyTheirOwnSessionsAndLeakNothing(RunningStack.Stack stack) throws Exception {
        ProtocolFuzzer fuzzer = new ProtocolFuzzer(new ProtocolFuzzer.Target(stack.gateway(), DemoCustomer.NAME,
                DemoCustomer.IMAGE_KEY_ID, stack.customer().loadImagePublicKey(), face("grace-hopper/frame-01.jpg"),
                (username, operation, transactionData) -> stack.backend().mintUserToken(username,
                        operation.name().toLowerCase(Locale.ROOT), transactionData)), SEED, 4);

        FuzzRun.Verdict verdict = FuzzRun.run(stack.stack(), fuzzer, MESSAGES,
                () -> Sessions.run(stack, Operation.ENROLL, newUsername("after-fuzz"), faces("grace-hopper"), "after the fuzzer"),
                FuzzRun.SETTLE, System.out);
        FuzzRun.print(verdict, System.out);

        assertThat(verdict.report().messages()).isGreaterThanOrEqualTo(MESSAGES);
        assertThat(verdict.report().outcomes().keySet()).as("the cases reach the gateway's, quality-service's and auth-service's checks")
                .contains("SERVER_MALFORMED_MESSAGE", "SERVER_FORBIDDEN", "SERVER_IMAGE_ENCRYPT_FAILED", "SERVER_FRAME_BEFORE_START");
        assertThat(verdict.failures()).isEmpty();
    }
}
