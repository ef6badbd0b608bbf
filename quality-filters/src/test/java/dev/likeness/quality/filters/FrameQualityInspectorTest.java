package dev.likeness.quality.filters;

import dev.likeness.vision.EyeLandmarker;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.photo.Photo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every filter on real photos: the portraits pass, and each failing case is made from them the
 * way a camera would produce it (dark room, user far away, two people, user too close).
 */
class FrameQualityInspectorTest {

    static final Path FACES = Path.of("..", "testdata", "faces");
    static FrameQualityInspector inspector;

    /** FaceMesh's lid contours, upper then lower, of the subject's right eye and then the left. */
    static final int[][][] EYE_LIDS = {
            {{246, 161, 160, 159, 158, 157, 173}, {33, 7, 163, 144, 145, 153, 154, 155, 133}},
            {{466, 388, 387, 386, 385, 384, 398}, {263, 249, 390, 373, 374, 380, 381, 382, 362}}};

    @BeforeAll
    static void load() {
        inspector = new FrameQualityInspector(FaceFinder.withModels(), new EyeLandmarker());
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
        for (String name : new String[]{"grace-hopper/frame-01.jpg", "grace-hopper-second-photo/frame-01.jpg",
                "eileen-collins/frame-01.jpg"}) {
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
        Core.hconcat(List.of(photo("grace-hopper/frame-01.jpg"), photo("eileen-collins/frame-01.jpg")), both);
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

    static Mat rotated(Mat image, double degrees) {
        Mat out = new Mat();
        Mat turn = Imgproc.getRotationMatrix2D(new Point(image.cols() / 2.0, image.rows() / 2.0), degrees, 1);
        Imgproc.warpAffine(image, out, turn, image.size(), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
        return out;
    }

    /** The portrait scaled to {@code side} px and placed at (x, y) on a grey 640x480 frame. */
    static Mat webcamFrame(int side, int x, int y) throws Exception {
        Mat small = new Mat();
        Imgproc.resize(photo("grace-hopper/frame-01.jpg"), small, new Size(side, side), 0, 0, Imgproc.INTER_AREA);
        Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(128, 128, 128));
        int left = Math.max(0, x), top = Math.max(0, y);
        Rect target = new Rect(left, top, Math.min(side - (left - x), 640 - left), Math.min(side - (top - y), 480 - top));
        small.submat(new Rect(target.x - x, target.y - y, target.width, target.height)).copyTo(frame.submat(target));
        return frame;
    }

    @Test
    void aFaceCutByTheFramesEdgeIsPartial() throws Exception {
        // The portrait pushed left until the frame's edge runs through the side of the face (further, and no face is found).
        assertThat(inspect(webcamFrame(400, -150, 40)).triggered()).contains(QualityFilter.FACE_PARTIAL);
        assertThat(inspect(webcamFrame(400, 120, 40)).triggered()).as("centred").doesNotContain(QualityFilter.FACE_PARTIAL);
    }

    @Test
    void aFaceAtTheSideOfTheFrameIsOffCenter() throws Exception {
        Mat aside = webcamFrame(300, 0, 90);
        assertThat(inspect(aside).triggered()).contains(QualityFilter.FACE_OFF_CENTER);
        assertThat(inspect(webcamFrame(300, 170, 90)).triggered()).as("centred").doesNotContain(QualityFilter.FACE_OFF_CENTER);
    }

    @Test
    void aTiltedHeadIsFaceAngle() throws Exception {
        assertThat(inspect(rotated(photo("grace-hopper/frame-01.jpg"), 30)).triggered()).contains(QualityFilter.FACE_ANGLE_TOO_LARGE);
        assertThat(inspect(rotated(photo("grace-hopper/frame-01.jpg"), -30)).triggered()).contains(QualityFilter.FACE_ANGLE_TOO_LARGE);
        assertThat(inspect(rotated(photo("grace-hopper/frame-01.jpg"),
                8)).triggered()).as("a slight tilt").doesNotContain(QualityFilter.FACE_ANGLE_TOO_LARGE);
    }

    @Test
    void theHeadPoseFollowsATilt() throws Exception {
        // The estimate is a measurement: turning the photo by 25 degrees turns the roll by about that.
        FaceFinder finder = FaceFinder.withModels();
        double upright, turned;
        try (FrameImage frame = FrameImage.of(photo("grace-hopper/frame-01.jpg"))) {
            upright = HeadPose.of(finder.find(frame).landmarks().orElseThrow()).roll();
        }
        try (FrameImage frame = FrameImage.of(rotated(photo("grace-hopper/frame-01.jpg"), 25))) {
            turned = HeadPose.of(finder.find(frame).landmarks().orElseThrow()).roll();
        }
        // OpenCV turns counter-clockwise for a positive angle; roll is clockwise.
        assertThat(upright - turned).isBetween(20.0, 30.0);
    }

    @Test
    void aBlurredFaceIsBlurry() throws Exception {
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(photo("grace-hopper/frame-01.jpg"), blurred, new Size(0, 0), 4);
        assertThat(inspect(blurred).triggered()).contains(QualityFilter.BLURRY);
        assertThat(inspect(photo("grace-hopper/frame-01.jpg")).triggered()).doesNotContain(QualityFilter.BLURRY);
    }

    @Test
    void aWashedOutFaceIsOverexposed() throws Exception {
        Mat bright = new Mat();
        photo("grace-hopper/frame-01.jpg").convertTo(bright, -1, 1.0, 120);
        assertThat(inspect(bright).triggered()).contains(QualityFilter.OVEREXPOSED);
        Mat lighter = new Mat();
        photo("grace-hopper/frame-01.jpg").convertTo(lighter, -1, 1.0, 30);
        assertThat(inspect(lighter).triggered()).as("a little lighter").doesNotContain(QualityFilter.OVEREXPOSED);
    }

    @Test
    void aBlackAndWhiteFrameIsGrayscale() throws Exception {
        Mat grey = new Mat();
        Imgproc.cvtColor(photo("grace-hopper/frame-01.jpg"), grey, Imgproc.COLOR_BGR2GRAY);
        Imgproc.cvtColor(grey, grey, Imgproc.COLOR_GRAY2BGR);
        assertThat(inspect(grey).triggered()).containsExactly(QualityFilter.IMAGE_BLACK_AND_WHITE);
        assertThat(inspect(photo("eileen-collins/frame-01.jpg")).triggered()).doesNotContain(QualityFilter.IMAGE_BLACK_AND_WHITE);
    }

    /**
     * The photo with both eyes painted shut: the opening between the lids is filled from the
     * surrounding skin (OpenCV's inpainting) and a dark lash line drawn along the lower lid.
     */
    static Mat withEyesShut(Mat photo) {
        FaceLandmarks mesh;
        try (FrameImage frame = FrameImage.of(photo.clone())) {
            mesh = FaceFinder.withModels().find(frame).landmarks().orElseThrow();
        }
        Mat shut = photo.clone();
        for (int[][] lids : EYE_LIDS) {
            List<Point> opening = new ArrayList<>(), lowerLid = new ArrayList<>();
            for (int i : lids[1]) {
                lowerLid.add(new Point(mesh.x()[i], mesh.y()[i]));
            }
            opening.addAll(lowerLid);
            for (int k = lids[0].length - 1; k >= 0; k--) {
                opening.add(new Point(mesh.x()[lids[0][k]], mesh.y()[lids[0][k]]));
            }
            double eyeWidth = Math.hypot(lowerLid.get(0).x - lowerLid.get(8).x, lowerLid.get(0).y - lowerLid.get(8).y);
            Mat mask = Mat.zeros(photo.size(), CvType.CV_8UC1);
            Imgproc.fillPoly(mask, List.of(new MatOfPoint(opening.toArray(new Point[0]))), new Scalar(255));
            int grow = (int) Math.max(1, Math.round(eyeWidth / 10));
            Imgproc.dilate(mask, mask, Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(2 * grow + 1, 2 * grow + 1)));
            Photo.inpaint(shut, mask, shut, Math.max(2, eyeWidth / 5), Photo.INPAINT_TELEA);
            Imgproc.polylines(shut, List.of(new MatOfPoint(lowerLid.toArray(new Point[0]))), false, new Scalar(45, 50, 60),
                    (int) Math.max(1, Math.round(eyeWidth / 18)), Imgproc.LINE_AA);
            mask.release();
        }
        return shut;
    }

    @Test
    void aFaceWithItsEyesShutIsEyesClosed() throws Exception {
        for (String name : new String[]{"grace-hopper/frame-01.jpg", "grace-hopper-second-photo/frame-01.jpg",
                "eileen-collins/frame-01.jpg"}) {
            assertThat(inspect(withEyesShut(photo(name))).triggered()).as(name).containsExactly(QualityFilter.EYES_CLOSED);
        }
    }

    @Test
    void openEyesAreNotClosedAtWebcamDistances() throws Exception {
        // The open portraits pass at full size (above); here the face is as far as a laptop's camera puts it.
        for (int side : new int[]{200, 260, 340}) {
            Mat frame = webcamFrame(side, (640 - side) / 2, (480 - side) / 2);
            assertThat(inspect(frame).triggered()).as(side + " px").doesNotContain(QualityFilter.EYES_CLOSED);
        }
        assertThat(inspect(rotated(photo("eileen-collins/frame-01.jpg"),
                12)).triggered()).as("tilted").doesNotContain(QualityFilter.EYES_CLOSED);
    }

    @Test
    void theSameFrameAlwaysGetsTheSameVerdict() throws Exception {
        // No filter smooths over frames: a redelivered frame is judged exactly as the first time.
        for (Mat frame : List.of(webcamFrame(300, 0, 90), withEyesShut(photo("grace-hopper/frame-01.jpg")))) {
            QualityVerdict first = inspect(frame.clone());
            QualityVerdict again = inspect(frame.clone());
            assertThat(again.triggered()).isNotEmpty().isEqualTo(first.triggered());
            assertThat(again.finding().faces()).isEqualTo(first.finding().faces());
        }
    }

    @Test
    void blankAndBorderFramesGetFiltersNotErrors() throws Exception {
        assertThat(inspect(new Mat(480, 640, CvType.CV_8UC3, Scalar.all(0))).triggered())
                .contains(QualityFilter.FACE_MISSING, QualityFilter.IMAGE_METADATA_LOW_LIGHT, QualityFilter.IMAGE_BLACK_AND_WHITE);
        assertThat(inspect(new Mat(480, 640, CvType.CV_8UC3, Scalar.all(255))).triggered())
                .contains(QualityFilter.FACE_MISSING, QualityFilter.OVEREXPOSED, QualityFilter.IMAGE_BLACK_AND_WHITE);
        // A face right at the corner of the frame.
        assertThat(inspect(webcamFrame(400, 360, 250)).accepted()).isFalse();
    }

    @Test
    void wireNamesAreTheSdkNames() {
        assertThat(QualityFilter.FACE_MISSING.wireName()).isEqualTo("face_missing");
        assertThat(QualityFilter.IMAGE_METADATA_LOW_LIGHT.wireName()).isEqualTo("image_metadata_low_light");
        assertThat(Arrays.stream(QualityFilter.values()).map(QualityFilter::wireName)).containsExactly(
                "face_missing", "face_multiple", "face_too_small", "face_too_close", "image_metadata_low_light",
                "face_partial", "face_off_center", "face_angle_too_large", "eyes_closed", "blurry", "overexposed", "image_black_and_white");
    }
}
