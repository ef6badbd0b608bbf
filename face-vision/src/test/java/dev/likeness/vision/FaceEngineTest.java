package dev.likeness.vision;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine on the bundled photos and on inputs that must not break it. The genuine and impostor
 * checks use the model's published operating point (dlib: 0.6), not a value fitted to these photos.
 */
class FaceEngineTest {

    static FaceFinder finder;
    static FaceDescriber describer;

    @BeforeAll
    static void loadModels() {
        finder = FaceFinder.withModels();
        describer = new FaceDescriber();
    }

    static float[] descriptor(FrameImage frame) {
        FaceFinder.Finding finding = finder.find(frame);
        Mat chip = FaceAligner.chip(frame, FaceAligner.alignmentPoints(finding.landmarks().orElseThrow())).orElseThrow();
        try {
            return describer.describe(chip);
        } finally {
            chip.release();
        }
    }

    @Test
    void eachPortraitHasOneFaceWithLandmarksInsideItsBox() throws Exception {
        for (String name : new String[]{"grace-hopper/frame-01.jpg", "grace-hopper-second-photo/frame-01.jpg",
                "eileen-collins/frame-01.jpg"}) {
            try (FrameImage frame = TestImages.photo(name)) {
                FaceFinder.Finding finding = finder.find(frame);
                assertThat(finding.faces()).as(name).hasSize(1);
                FaceBox box = finding.faces().get(0).box();
                assertThat(box.width()).as(name).isBetween(frame.width() / 8.0, frame.width() * 0.8);
                FaceLandmarks landmarks = finding.landmarks().orElseThrow();
                // the nose tip (mesh point 1) lies within the detector's box
                assertThat(landmarks.x()[1]).isBetween((float) box.x(), (float) (box.x() + box.width()));
                assertThat(landmarks.y()[1]).isBetween((float) box.y(), (float) (box.y() + box.height()));
            }
        }
    }

    @Test
    void theSamePersonIsWithinThePublishedThresholdAndAnotherIsNot() throws Exception {
        float[] grace, graceAgain, eileen;
        try (FrameImage a = TestImages.photo("grace-hopper/frame-01.jpg");
             FrameImage b = TestImages.photo("grace-hopper-second-photo/frame-01.jpg");
             FrameImage c = TestImages.photo("eileen-collins/frame-01.jpg")) {
            grace = descriptor(a);
            graceAgain = descriptor(b);
            eileen = descriptor(c);
        }
        assertThat(FaceDescriber.distance(grace, graceAgain)).isLessThan(FaceDescriber.PUBLISHED_THRESHOLD);
        assertThat(FaceDescriber.distance(grace, eileen)).isGreaterThan(FaceDescriber.PUBLISHED_THRESHOLD);
        assertThat(FaceDescriber.distance(graceAgain, eileen)).isGreaterThan(FaceDescriber.PUBLISHED_THRESHOLD);
    }

    @Test
    void aPhotoWithoutAFaceHasNone() throws Exception {
        try (FrameImage frame = TestImages.photo("no-face/frame-01.jpg")) {
            assertThat(finder.find(frame).faces()).isEmpty();
        }
    }

    @Test
    void twoPeopleSideBySideAreTwoFaces() {
        try (FrameImage left = TestImages.webcamFrame("grace-hopper/frame-01.jpg", 300, 10, 90);
             FrameImage right = TestImages.webcamFrame("eileen-collins/frame-01.jpg", 300, 330, 90)) {
            Mat both = left.colour().clone();
            right.colour().submat(0, 480, 330, 640).copyTo(both.submat(0, 480, 330, 640));
            try (FrameImage frame = FrameImage.of(both)) {
                assertThat(finder.find(frame).faces()).hasSize(2);
            }
        }
    }

    @Test
    void degenerateImagesFindNothingAndThrowNothing() {
        Mat[] images = {
                new Mat(16, 16, CvType.CV_8UC3, Scalar.all(128)),     // a tiny grey image
                new Mat(480, 640, CvType.CV_8UC3, Scalar.all(0)),     // all black
                new Mat(480, 640, CvType.CV_8UC3, Scalar.all(255)),   // all white
                new Mat(2, 4000, CvType.CV_8UC3, Scalar.all(90)),     // a strip
                new Mat(1, 1, CvType.CV_8UC3, Scalar.all(90))};       // one pixel
        for (Mat image : images) {
            try (FrameImage frame = FrameImage.of(image)) {
                assertThat(finder.find(frame).faces()).as(image.size().toString()).isEmpty();
            }
        }
    }

    @Test
    void aOnePixelBoxGivesNoLandmarksRatherThanAnError() throws Exception {
        FaceMeshLandmarker landmarker = new FaceMeshLandmarker();
        try (FrameImage frame = TestImages.photo("grace-hopper/frame-01.jpg")) {
            DetectedFace dot = new DetectedFace(new FaceBox(10, 10, 1, 1), Collections.nCopies(6, new ImagePoint(10, 10)), 0.9);
            assertThat(landmarker.landmarks(frame, dot)).isEmpty();
            DetectedFace nowhere = new DetectedFace(new FaceBox(Double.NaN, 0, 100, 100), Collections.nCopies(6, new ImagePoint(0, 0)),
                    0.9);
            assertThat(landmarker.landmarks(frame, nowhere)).isEmpty();
        }
    }

    @Test
    void degenerateAlignmentPointsGiveNoChip() throws Exception {
        try (FrameImage frame = TestImages.photo("grace-hopper/frame-01.jpg")) {
            assertThat(FaceAligner.chip(frame, Collections.nCopies(7, new ImagePoint(100, 100)))).as("collapsed").isEmpty();
            assertThat(FaceAligner.chip(frame, Collections.nCopies(7, new ImagePoint(Double.NaN, 1)))).as("not finite").isEmpty();
            assertThat(FaceAligner.chip(frame, List.of(new ImagePoint(1, 1)))).as("too few").isEmpty();
        }
    }
}
