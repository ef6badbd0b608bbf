package dev.likeness.vision;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaceDetectorTest {

    static final Path FACES = Path.of("..", "testdata", "faces");
    static FaceDetector detector;

    @BeforeAll
    static void loadCascade() {
        detector = FaceDetector.withBundledCascade();
    }

    static FrameImage photo(String name) throws Exception {
        return FrameImage.decode(Files.readAllBytes(FACES.resolve(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"grace-hopper/frame-01.jpg", "grace-hopper/frame-03.jpg",
            "grace-hopper-second-photo/frame-01.jpg", "eileen-collins/frame-01.jpg"})
    void findsTheOneFaceInEachPortrait(String name) throws Exception {
        try (FrameImage frame = photo(name)) {
            List<FaceBox> faces = detector.detect(frame);
            assertThat(faces).hasSize(1);
            FaceBox face = faces.get(0);
            // A portrait's face is a sizeable part of the frame, well inside it.
            assertThat(face.width()).isBetween(frame.width() / 6, frame.width() * 2 / 3);
            assertThat(face.x()).isPositive();
            assertThat(face.x() + face.width()).isLessThan(frame.width());
        }
    }

    @Test
    void findsNoFaceInAPhotoOfCoffee() throws Exception {
        try (FrameImage frame = photo("no-face/frame-01.jpg")) {
            assertThat(detector.detect(frame)).isEmpty();
        }
    }

    @Test
    void refusesBytesThatAreNoImage() {
        assertThatThrownBy(() -> FrameImage.decode("not a jpeg".getBytes()))
                .isInstanceOf(UndecodableImageException.class);
        assertThatThrownBy(() -> FrameImage.decode(new byte[0]))
                .isInstanceOf(UndecodableImageException.class);
    }

    @Test
    void refusesATruncatedJpeg() throws IOException {
        byte[] jpeg = Files.readAllBytes(FACES.resolve("grace-hopper/frame-01.jpg"));
        byte[] header = java.util.Arrays.copyOf(jpeg, 200);
        assertThatThrownBy(() -> FrameImage.decode(header)).isInstanceOf(UndecodableImageException.class);
    }

    @Test
    void aDegenerateButValidImageHasNoFaceInsteadOfFailing() throws Exception {
        for (int[] size : new int[][]{{4000, 2}, {2, 4000}, {1, 1}}) {
            org.opencv.core.Mat strip = new org.opencv.core.Mat(size[1], size[0], org.opencv.core.CvType.CV_8UC3,
                    new org.opencv.core.Scalar(90, 120, 150));
            org.opencv.core.MatOfByte jpeg = new org.opencv.core.MatOfByte();
            org.opencv.imgcodecs.Imgcodecs.imencode(".jpg", strip, jpeg);
            try (FrameImage frame = FrameImage.decode(jpeg.toArray())) {
                assertThat(detector.detect(frame)).as(size[0] + "x" + size[1]).isEmpty();
            }
        }
    }
}
