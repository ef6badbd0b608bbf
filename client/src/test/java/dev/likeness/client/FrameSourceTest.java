package dev.likeness.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameSourceTest {

    static final Path FACES = Path.of("..", "testdata", "faces");

    @Test
    void imagesComeInNameOrderAndLoopLikeACamera() throws Exception {
        FrameSource frames = FrameSource.images(FACES.resolve("grace-hopper"));
        byte[] first = Files.readAllBytes(FACES.resolve("grace-hopper/frame-01.jpg"));
        assertThat(frames.size()).isEqualTo(5);
        assertThat(frames.next()).isEqualTo(first);
        for (int i = 0; i < 4; i++) {
            frames.next();
        }
        assertThat(frames.next()).isEqualTo(first);
    }

    @Test
    void pngFilesAreSentAsJpeg(@TempDir Path dir) throws Exception {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_ARGB);
        ImageIO.write(image, "png", dir.resolve("a.png").toFile());
        byte[] jpeg = FrameSource.images(dir).next();
        assertThat(jpeg[0] & 0xff).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xff).isEqualTo(0xD8);
    }

    @Test
    void anMjpegVideoSplitsIntoItsJpegFrames(@TempDir Path dir) throws Exception {
        byte[] a = Files.readAllBytes(FACES.resolve("grace-hopper/frame-01.jpg"));
        byte[] b = Files.readAllBytes(FACES.resolve("grace-hopper/frame-02.jpg"));
        ByteArrayOutputStream video = new ByteArrayOutputStream();
        video.writeBytes(a);
        video.writeBytes(b);
        Files.write(dir.resolve("camera.mjpeg"), video.toByteArray());

        FrameSource frames = FrameSource.mjpeg(dir.resolve("camera.mjpeg"));
        assertThat(frames.size()).isEqualTo(2);
        assertThat(frames.next()).isEqualTo(a);
        assertThat(frames.next()).isEqualTo(b);
    }

    @Test
    void aVideoMadeByFfmpegSplitsIntoItsFrames(@TempDir Path dir) throws Exception {
        // ffmpeg writes this layout with: ffmpeg -loop 1 -i photo.jpg -t 1 -r 5 -f mjpeg out.mjpeg.
        // Reproduced here byte for byte from JPEGs whose EXIF-like APP1 segment holds a nested SOI..EOI,
        // which a search for the first FFD9 would cut short.
        byte[] a = Files.readAllBytes(FACES.resolve("grace-hopper/frame-01.jpg"));
        byte[] thumbnailSegment = {(byte) 0xFF, (byte) 0xE1, 0x00, 0x08, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9, 0x00, 0x00};
        ByteArrayOutputStream withThumbnail = new ByteArrayOutputStream();
        withThumbnail.write(a, 0, 2);
        withThumbnail.writeBytes(thumbnailSegment);
        withThumbnail.write(a, 2, a.length - 2);
        byte[] framed = withThumbnail.toByteArray();
        ByteArrayOutputStream video = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            video.writeBytes(framed);
        }
        video.write(framed, 0, framed.length / 2); // a last frame cut off mid-write
        Files.write(dir.resolve("camera.mjpeg"), video.toByteArray());

        FrameSource frames = FrameSource.mjpeg(dir.resolve("camera.mjpeg"));
        assertThat(frames.size()).isEqualTo(3);
        assertThat(frames.next()).isEqualTo(framed);
    }

    @Test
    void emptySourcesAreRefusedWithAReason(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> FrameSource.images(dir)).hasMessageContaining("no .jpg");
        Files.writeString(dir.resolve("not-a-video.mjpeg"), "hello");
        assertThatThrownBy(() -> FrameSource.mjpeg(dir.resolve("not-a-video.mjpeg"))).hasMessageContaining("no JPEG frames");
    }
}
