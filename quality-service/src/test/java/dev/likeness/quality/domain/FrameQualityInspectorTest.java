package dev.likeness.quality.domain;

import dev.likeness.vision.BlazeFaceDetector;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FaceMeshLandmarker;
import dev.likeness.vision.FrameImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every filter on real photos: the portraits pass, and each failing case is made from them the
 * way a camera would produce it (dark room, user far away, two people, user too close).
 */
class FrameQualityInspectorTest {

    static final Path FACES = Path.of("..", "testdata", "faces");
    static FrameQualityInspector inspector;

    @BeforeAll
    static void load() {
        inspector = new FrameQualityInspector(new FaceFinder(new BlazeFaceDetector(1), new FaceMeshLandmarker(1)));
    }

    static Mat photo(String name) throws Exception {
        try (FrameImage frame = FrameImage.decode(Files.readAllBytes(FACES.resolve(name)))) {
            return frame.colour().clone();
        }
    }

    static QualityVerdict inspect(Mat colour) {
        try (FrameImage frame = FrameImage.of(colour)) {
            return inspector.inspect(frame);
        }
    }

    @Test
    void aWellLitPortraitPassesEveryFilter() throws Exception {
        for (String name : new String[]{"grace-hopper/frame-01.jpg", "grace-hopper-second-photo/frame-01.jpg", "eileen-collins/frame-01.jpg"}) {
            QualityVerdict verdict = inspect(photo(name));
            assertThat(verdict.triggered()).as(name).isEmpty();
            assertThat(verdict.accepted()).isTrue();
        }
    }

    @Test
    void aPhotoWithoutAFaceIsFaceMissing() throws Exception {
        assertThat(inspect(photo("no-face/frame-01.jpg")).triggered()).containsExactly(QualityFilter.FACE_MISSING);
    }

    @Test
    void aDarkFrameIsLowLight() throws Exception {
        Mat dark = new Mat();
        photo("grace-hopper/frame-01.jpg").convertTo(dark, -1, 0.25, 0);
        assertThat(inspect(dark).triggered()).contains(QualityFilter.IMAGE_METADATA_LOW_LIGHT);
    }

    @Test
    void aFaceFarFromTheCameraIsTooSmall() throws Exception {
        // The portrait shrunk so the face box spans ~15% of a grey 640x480 frame: the user stands back.
        Mat small = new Mat();
        Imgproc.resize(photo("grace-hopper/frame-01.jpg"), small, new Size(160, 160), 0, 0, Imgproc.INTER_AREA);
        Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(128, 128, 128));
        small.copyTo(frame.submat(new Rect(240, 160, 160, 160)));
        assertThat(inspect(frame).triggered()).containsExactly(QualityFilter.FACE_TOO_SMALL);
    }

    @Test
    void twoPeopleAreFaceMultiple() throws Exception {
        Mat both = new Mat();
        Core.hconcat(java.util.List.of(photo("grace-hopper/frame-01.jpg"), photo("eileen-collins/frame-01.jpg")), both);
        assertThat(inspect(both).triggered()).contains(QualityFilter.FACE_MULTIPLE);
    }

    @Test
    void aFaceFillingTheFrameIsTooClose() throws Exception {
        // A crop just around the face, as when the user leans into the camera.
        Mat portrait = photo("grace-hopper/frame-01.jpg");
        Mat close = new Mat();
        Imgproc.resize(portrait.submat(new Rect(150, 150, 210, 210)), close, new Size(480, 480));
        QualityVerdict verdict = inspect(close);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.triggered()).containsAnyOf(QualityFilter.FACE_TOO_CLOSE, QualityFilter.FACE_MISSING);
    }

    @Test
    void wireNamesAreTheSdkNames() {
        assertThat(QualityFilter.FACE_MISSING.wireName()).isEqualTo("face_missing");
        assertThat(QualityFilter.IMAGE_METADATA_LOW_LIGHT.wireName()).isEqualTo("image_metadata_low_light");
    }
}
