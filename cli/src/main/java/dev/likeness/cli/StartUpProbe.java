package dev.likeness.cli;

import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.proto.v1.Operation;
import dev.likeness.vision.WarmUpPortrait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What `./likeness up` measures once the stack is ready: the frame round trip of the first session
 * against the next one's. Each probe streams a black-and-white copy of the bundled portrait for two
 * seconds: the quality filters run in full (detector and landmarks) and refuse it as
 * image_grayscale, so no decision is made and nothing is enrolled.
 */
final class StartUpProbe {

    static final Duration PROBE = Duration.ofSeconds(2);
    static final int FPS = 10;
    static final String USERNAME = "likeness-start-up-probe";

    private final DemoBackendClient backend;
    private final PrintStream out;

    StartUpProbe(DemoBackendClient backend, PrintStream out) {
        this.backend = backend;
        this.out = out;
    }

    void run() throws Exception {
        FrameSource frames = FrameSource.of(List.of(blackAndWhite(WarmUpPortrait.jpeg())));
        double first = probe(frames), second = probe(frames);
        out.printf(Locale.ROOT, "first session's frame round trip p50 %.0f ms, the next one's %.0f ms (%.1fx)%n", first, second, first / second);
    }

    private double probe(FrameSource frames) throws Exception {
        DemoBackendClient.SessionConfig config = backend.config();
        SessionReport report = new SessionClient(config.gateway(), FPS, PROBE).run(new SessionClient.Request(config.customer(), USERNAME,
                Operation.AUTH, "start-up probe", backend.userToken(USERNAME), config.keyId(), config.imageKey()), frames, frame -> {
        });
        return report.roundTripPercentile(50);
    }

    static byte[] blackAndWhite(byte[] jpeg) throws IOException {
        BufferedImage colour = ImageIO.read(new ByteArrayInputStream(jpeg));
        BufferedImage grey = new BufferedImage(colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(colour, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grey, "jpg", out);
        return out.toByteArray();
    }
}
