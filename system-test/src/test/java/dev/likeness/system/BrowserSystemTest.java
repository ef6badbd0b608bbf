package dev.likeness.system;

import dev.likeness.launcher.StackPorts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web SDK in Debian's headless Chromium with a fake camera, against this run's stack: the
 * Node test suite web-sdk/test-browser (playwright-core drives the browser; no browser download),
 * and its headless flow in Debian's Firefox ESR as a second engine (puppeteer-core over WebDriver BiDi).
 * Its screenshots of the components in each state land in system-test/target/screenshots.
 * Both browsers are required: without one this test fails with the install hint, so `./mvnw verify`
 * cannot pass while the browser was never tried; {@code -Dlikeness.browser-tests=skip} is the
 * explicit opt-out, reported as skipped.
 */
@ExtendWith(RunningStack.class)
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class BrowserSystemTest {

    static final Path WEB_SDK = Path.of("..", "web-sdk").toAbsolutePath().normalize();
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    /** The second engine (Gecko): test-browser/firefox.test.mjs. */
    static final Path FIREFOX = Path.of(System.getenv().getOrDefault("FIREFOX", "/usr/bin/firefox-esr"));

    /** Before the stack is asked for: a missing browser is reported at once. */
    @BeforeAll
    static void aBrowserIsThereOrExplicitlySkipped() {
        if ("skip".equals(System.getProperty("likeness.browser-tests"))) {
            Assumptions.abort("browser tests skipped on request (-Dlikeness.browser-tests=skip)");
        }
        assertThat(Files.isExecutable(CHROMIUM)).as("no Chromium at " + CHROMIUM + ": `apt-get install chromium` (or set CHROMIUM), "
                + "or skip the browser tests explicitly with ./mvnw verify -Dlikeness.browser-tests=skip").isTrue();
        assertThat(Files.isExecutable(FIREFOX)).as("no Firefox at " + FIREFOX + ": `apt-get install firefox-esr` (or set FIREFOX), "
                + "or skip the browser tests explicitly with ./mvnw verify -Dlikeness.browser-tests=skip").isTrue();
    }

    @Test
    void theSdkWorksInARealBrowserAgainstTheRealPipeline(RunningStack.Stack stack) throws Exception {
        Map<String, String> environment = new HashMap<>(stackEnvironment(stack.ports()));
        // The webcam-shaped cameras (4:3 and 16:9) the tests ask for by name, and where they leave their screenshots.
        Path webcam = Path.of("target", "webcam").toAbsolutePath();
        for (var camera : List.of(new WebcamShape("grace-hopper", 640, 480), new WebcamShape("grace-hopper", 1280, 720),
                new WebcamShape("grace-hopper-second-photo", 1280, 720), new WebcamShape("eileen-collins", 640, 480))) {
            WebcamFrames.write(Sessions.FACES.resolve(camera.person()).resolve("frame-01.jpg"), camera.width(), camera.height(), webcam);
        }
        environment.put("LIKENESS_WEBCAM", webcam.toString());
        runNodeSuite("test-browser/", environment, 11);
    }

    /** What every browser suite needs to find the stack, the photos, the browser, and where screenshots go. */
    static Map<String, String> stackEnvironment(StackPorts ports) {
        return Map.of("LIKENESS_GATEWAY_ORIGIN", ports.gatewayOrigin(), "LIKENESS_DEMO_BACKEND", ports.demoBackendUrl(),
                "LIKENESS_FACES", Sessions.FACES.toAbsolutePath().normalize().toString(), "CHROMIUM", CHROMIUM.toString(),
                "FIREFOX", FIREFOX.toString(),
                "LIKENESS_SCREENSHOTS", Path.of("target", "screenshots").toAbsolutePath().toString());
    }

    /** Runs a Node test folder of web-sdk with {@code environment}; it must pass something and fail nothing. */
    static void runNodeSuite(String folder, Map<String, String> environment, int minutes) throws Exception {
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-timeout=180000", folder)
                .directory(WEB_SDK.toFile()).redirectErrorStream(true);
        node.environment().putAll(environment);
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(minutes, TimeUnit.MINUTES)).isTrue();
        System.out.println(output);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
    }

    /** One fake camera: a person's first photo, letterboxed into a webcam's frame size. */
    private record WebcamShape(String person, int width, int height) {
    }
}
