package dev.likeness.vision;

import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sizes read from headers, and the decompression bombs and foreign formats refused before decoding. */
class ImageHeaderTest {

    static final Path PHOTO = Path.of("..", "testdata", "faces", "grace-hopper", "frame-01.jpg");

    static byte[] encoded(String extension, int width, int height) {
        OpenCvRuntime.load();
        Mat image = new Mat(height, width, CvType.CV_8UC3, new Scalar(40, 80, 120));
        MatOfByte bytes = new MatOfByte();
        Imgcodecs.imencode(extension, image, bytes);
        byte[] result = bytes.toArray();
        image.release();
        bytes.release();
        return result;
    }

    /** The offset of the JPEG's start-of-frame marker (FFC0 for a baseline JPEG). */
    static int startOfFrame(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                return i;
            }
        }
        throw new AssertionError("no SOF0");
    }

    /** The same JPEG with the size its header declares changed; the compressed data is untouched. */
    static byte[] declaring(byte[] jpeg, int width, int height) {
        byte[] bomb = Arrays.copyOf(jpeg, jpeg.length);
        int sof = startOfFrame(bomb);
        bomb[sof + 5] = (byte) (height >> 8);
        bomb[sof + 6] = (byte) height;
        bomb[sof + 7] = (byte) (width >> 8);
        bomb[sof + 8] = (byte) width;
        return bomb;
    }

    @Test
    void readsTheSizeOfJpegsAndPngsAsDecodingFindsIt() throws Exception {
        byte[] photo = Files.readAllBytes(PHOTO);
        ImageHeader header = ImageHeader.read(photo);
        try (FrameImage decoded = FrameImage.decode(photo)) {
            assertThat(header.format()).isEqualTo(ImageHeader.Format.JPEG);
            assertThat(header.width()).isEqualTo(decoded.width());
            assertThat(header.height()).isEqualTo(decoded.height());
        }
        assertThat(ImageHeader.read(encoded(".jpg", 640, 480))).isEqualTo(new ImageHeader(ImageHeader.Format.JPEG, 640, 480));
        assertThat(ImageHeader.read(encoded(".png", 1280, 720))).isEqualTo(new ImageHeader(ImageHeader.Format.PNG, 1280, 720));
    }

    @Test
    void aBombIsRefusedFromItsHeaderBeforeDecoding() {
        // 4 KB that declare 60000 x 60000 pixels: decoding would ask for 10 GB first.
        byte[] bomb = declaring(encoded(".jpg", 64, 64), 60000, 60000);
        assertThat(bomb.length).isLessThan(10_000);
        assertThatThrownBy(() -> FrameImage.decode(bomb)).isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("60000 x 60000");
        // within the sides but over the configured pixels
        byte[] large = encoded(".jpg", 1920, 1080);
        assertThatThrownBy(() -> FrameImage.decode(large, 1280 * 720)).isInstanceOf(ImageTooLargeException.class);
        assertThatThrownBy(() -> FrameImage.decode(declaring(encoded(".jpg", 64, 64), 5000,
                10))).isInstanceOf(ImageTooLargeException.class);
    }

    @Test
    void theDecoderSizesTheImageFromTheHeaderSoTheCheckedBoundHolds() throws Exception {
        // A header declaring less than the data holds: the decoder allocates what the header says.
        try (FrameImage decoded = FrameImage.decode(declaring(encoded(".jpg", 64, 64), 32, 16))) {
            assertThat(decoded.width()).isEqualTo(32);
            assertThat(decoded.height()).isEqualTo(16);
        }
    }

    @Test
    void otherFormatsAndBrokenHeadersAreUndecodable() {
        for (byte[] refused : new byte[][]{
                encoded(".bmp", 64, 64), encoded(".tiff", 64, 64), // OpenCV would decode these: not our parsers to expose
                "GIF89a".getBytes(), new byte[]{(byte) 0xFF, (byte) 0xD8}, new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9},
                Arrays.copyOf(encoded(".png", 8, 8), 20), new byte[]{1, 2, 3}}) {
            assertThatThrownBy(() -> ImageHeader.read(refused)).isInstanceOf(UndecodableImageException.class);
            assertThatThrownBy(() -> FrameImage.decode(refused)).isInstanceOf(UndecodableImageException.class);
        }
        // a JPEG cut before its frame header
        byte[] jpeg = encoded(".jpg", 64, 64);
        assertThatThrownBy(() -> ImageHeader.read(Arrays.copyOf(jpeg,
                startOfFrame(jpeg) + 4))).isInstanceOf(UndecodableImageException.class);
    }
}
