package dev.likeness.system;

import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.proto.v1.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static dev.likeness.system.Sessions.face;
import static dev.likeness.system.Sessions.newUsername;
import static dev.likeness.system.Sessions.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera's bad frames through the real pipeline: a black-and-white, a blurred and a tilted
 * version of a bundled portrait each come back with their filter, by its wire name, and none is
 * accepted. The variants are made here with the JDK's imaging, not stored.
 */
@ExtendWith(RunningStack.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class QualityGuidanceSystemTest {

    @Test
    void blackAndWhiteBlurredAndTiltedFramesGetTheirFilters(RunningStack.Stack stack) throws Exception {
        BufferedImage portrait = ImageIO.read(new ByteArrayInputStream(face("grace-hopper/frame-01.jpg")));
        List<byte[]> variants = List.of(jpeg(blackAndWhite(portrait)), jpeg(blurred(portrait)), jpeg(tilted(portrait, 30)));
        String username = newUsername("variants");
        SessionClient client = new SessionClient(stack.gateway(), 10, Duration.ofSeconds(5));
        SessionReport report = client.run(new SessionClient.Request(DemoCustomer.NAME, username, Operation.ENROLL, "td",
                token(stack, username, Operation.ENROLL, "td"), DemoCustomer.IMAGE_KEY_ID, stack.customer().loadImagePublicKey()),
                FrameSource.of(variants), timing -> { });

        assertThat(report.acceptedFrames()).isZero();
        assertThat(report.answered()).hasSizeGreaterThanOrEqualTo(3);
        for (SessionReport.FrameTiming frame : report.answered()) {
            // frames are sent in order and looped: sequence 1 is the first variant
            String expected = List.of("image_black_and_white", "blurry", "face_angle_too_large").get((int) ((frame.sequence() - 1) % 3));
            assertThat(frame.triggered()).as("frame " + frame.sequence()).contains(expected);
        }
    }

    static BufferedImage blackAndWhite(BufferedImage image) {
        BufferedImage grey = new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_GRAY), null).filter(image, null);
        return rgb(grey);
    }

    static BufferedImage blurred(BufferedImage image) {
        // A 15-pixel box blur twice: close to a Gaussian of sigma ~6 px on this 512 px portrait.
        float[] box = new float[15 * 15];
        Arrays.fill(box, 1f / box.length);
        ConvolveOp blur = new ConvolveOp(new Kernel(15, 15, box), ConvolveOp.EDGE_NO_OP, null);
        BufferedImage rgb = rgb(image);
        return blur.filter(blur.filter(rgb, null), null);
    }

    static BufferedImage tilted(BufferedImage image, double degrees) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(degrees), image.getWidth() / 2.0, image.getHeight() / 2.0);
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage rgb(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
