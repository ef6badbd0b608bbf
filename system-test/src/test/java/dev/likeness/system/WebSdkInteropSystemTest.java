package dev.likeness.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.client.CustomerBackend;
import dev.likeness.launcher.DemoCustomer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.likeness.system.Sessions.newUsername;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser SDK's shipped bundle, run by Node as a client of the real stack: its protobuf and its
 * WebCrypto frame encryption must be exactly what the Java services read. (Camera and page come
 * with the browser tests.)
 */
@ExtendWith(RunningStack.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebSdkInteropSystemTest {

    static final Path WEB_SDK = Path.of("..", "web-sdk").toAbsolutePath().normalize();
    static final Path BUNDLE = WEB_SDK.resolve("target/classes/META-INF/resources/sdk/likeness-headless.js");
    static final ObjectMapper JSON = new ObjectMapper();

    List<JsonNode> runSdk(RunningStack.Stack stack, String operation, String username, String token, String images,
                          String transactionData) throws Exception {
        ProcessBuilder node = new ProcessBuilder("node", WEB_SDK.resolve("test-e2e/run-session.mjs").toString())
                .directory(WEB_SDK.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        node.environment().putAll(Map.of(
                "LIKENESS_SDK_MODULE", BUNDLE.toString(),
                "LIKENESS_WS_URL", stack.gateway().toString(),
                "LIKENESS_CUSTOMER", DemoCustomer.NAME,
                "LIKENESS_USERNAME", username,
                "LIKENESS_OPERATION", operation,
                "LIKENESS_TOKEN", token,
                "LIKENESS_KEY_ID", DemoCustomer.IMAGE_KEY_ID,
                "LIKENESS_KEY_FILE", stack.customer().imagePublicKey().toString(),
                "LIKENESS_IMAGES", Sessions.FACES.resolve(images).toAbsolutePath().toString(),
                "LIKENESS_TRANSACTION_DATA", transactionData));
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    static JsonNode last(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("event").asText().matches("finished|error")).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void theSdkBundleEnrollsAndAuthenticatesThroughTheRealPipeline(RunningStack.Stack stack) throws Exception {
        CustomerBackend backend = stack.backend();
        String user = newUsername("sdk");

        List<JsonNode> enrollment = runSdk(stack, "enroll", user, backend.mintUserToken(user, "enroll", "open account"), "grace-hopper",
                "open account");
        JsonNode finished = last(enrollment);
        assertThat(finished.path("event").asText()).as(enrollment.toString()).isEqualTo("finished");
        assertThat(finished.path("type").asText()).isEqualTo("enroll");
        assertThat(finished.path("username").asText()).isEqualTo(user);
        assertThat(enrollment).anyMatch(e -> e.path("event").asText().equals("frame-results") && e.path("accepted").asBoolean());
        assertThat(enrollment).anyMatch(e -> e.path("event").asText().equals("camera-released"));
        CustomerBackend.Verification verdict = backend.verify(finished.path("transactionJwt").asText(), DemoCustomer.NAME, user, "enroll",
                "open account");
        assertThat(verdict.valid()).isTrue();

        JsonNode someoneElse = last(runSdk(stack, "auth", user, backend.mintUserToken(user, "auth", "pay"), "eileen-collins", "pay"));
        assertThat(someoneElse.path("code").asText()).isEqualTo("SERVER_FACE_DOES_NOT_MATCH");

        JsonNode same = last(runSdk(stack, "auth", user, backend.mintUserToken(user, "auth", "pay"), "grace-hopper-second-photo", "pay"));
        assertThat(same.path("event").asText()).isEqualTo("finished");
        assertThat(backend.verify(same.path("transactionJwt").asText(), DemoCustomer.NAME, user, "auth", "pay").valid()).isTrue();
    }

    @Test
    void theSdkReportsARefusedTokenAsServerForbidden(RunningStack.Stack stack) throws Exception {
        JsonNode outcome = last(runSdk(stack, "enroll", newUsername("sdk"), stack.backend().mintUserToken("someone-else", "enroll", "td"),
                "grace-hopper", "td"));
        assertThat(outcome.path("code").asText()).isEqualTo("SERVER_FORBIDDEN");
    }
}
