package dev.likeness.subjects;

import dev.likeness.liveness.PlanarMotion;
import dev.likeness.liveness.Point;
import dev.likeness.quality.filters.HeadPose;
import dev.likeness.vision.EyeLandmarker;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthetic subject and the tilted print, as the pipeline's own models see them: FaceMesh
 * finds the rendered face where the photo's was, reads it turned the way it was turned, and reads
 * its lids closed; and a turned head's landmarks move in a way a homography explains less of than
 * a print's (the figures are printed: they are what the 3D-structure check has to work with).
 */
class TurnedPortraitTest {

    /**
     * Twelve landmarks spread over the face and its depth, as liveness's synthetic head has them:
     * eye corners, nose bridge and tip, mouth corners, chin, cheek contour, forehead.
     */
    static final int[] TWELVE = {33, 133, 362, 263, 168, 1, 61, 291, 152, 234, 454, 10};

    static FaceFinder finder;
    static EyeLandmarker eyes;

    @BeforeAll
    static void models() {
        finder = FaceFinder.withModels();
        eyes = new EyeLandmarker();
    }

    @AfterAll
    static void release() {
        finder.close();
    }

    static byte[] photo(String portrait) throws Exception {
        return Files.readAllBytes(Path.of("../testdata/faces", portrait, "frame-01.jpg"));
    }

    /** FaceMesh on a frame; the caller keeps {@code frame}. */
    static FaceLandmarks mesh(Mat frame) {
        try (FrameImage image = FrameImage.of(frame.clone())) {
            return finder.find(image).landmarks().orElseThrow(() -> new AssertionError("no face found in the rendered frame"));
        }
    }

    static double eyeAspectRatio(Mat frame) {
        try (FrameImage image = FrameImage.of(frame.clone())) {
            FaceLandmarks landmarks = finder.find(image).landmarks().orElseThrow();
            return eyes.apertures(image, landmarks).orElseThrow().mean();
        }
    }

    static List<Point> all(FaceLandmarks mesh) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            points.add(new Point(mesh.x()[i], mesh.y()[i]));
        }
        return points;
    }

    /** The homography residual over {@link #TWELVE} landmarks, in IODs: what the twelve-point thresholds see. */
    static double twelvePointResidual(FaceLandmarks from, FaceLandmarks to) {
        List<Point> a = Arrays.stream(TWELVE).mapToObj(i -> new Point(from.x()[i], from.y()[i])).toList();
        List<Point> b = Arrays.stream(TWELVE).mapToObj(i -> new Point(to.x()[i], to.y()[i])).toList();
        return PlanarMotion.compare(a, b, from.interOcular()).homographyResidual();
    }

    /** The share of the motion from {@code from} to {@code to} (beyond a move in the image plane) that no homography explains. */
    static double parallaxShare(FaceLandmarks from, FaceLandmarks to) {
        PlanarMotion.Measure measure = PlanarMotion.compare(all(from), all(to), from.interOcular());
        return measure.homographyResidual() / measure.similarityResidual();
    }

    @ParameterizedTest
    @ValueSource(strings = {"grace-hopper", "grace-hopper-second-photo", "eileen-collins"})
    void theFrontalRenderIsThePhotosFace(String portrait) throws Exception {
        try (TurnedPortrait subject = TurnedPortrait.of(photo(portrait), finder)) {
            Mat frontal = subject.render(TurnedPortrait.Pose.FRONTAL);
            FaceLandmarks seen = mesh(frontal);
            double displacement = 0;
            for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                displacement += Math.hypot(seen.x()[i] - subject.mesh().x()[i], seen.y()[i] - subject.mesh().y()[i]);
            }
            frontal.release();
            assertThat(displacement / FaceLandmarks.COUNT / subject.mesh().interOcular()).as("mean landmark shift in IODs")
                    .isLessThan(0.01);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grace-hopper", "eileen-collins"})
    void aTurnedRenderIsSeenTurnedThatWayAndClosedLidsAreSeenClosed(String portrait) throws Exception {
        try (TurnedPortrait subject = TurnedPortrait.of(photo(portrait), finder)) {
            Mat frontal = subject.render(TurnedPortrait.Pose.FRONTAL);
            Mat right = subject.render(new TurnedPortrait.Pose(20, 0, 0));
            Mat left = subject.render(new TurnedPortrait.Pose(-20, 0, 0));
            Mat shut = subject.render(new TurnedPortrait.Pose(0, 0, 1));
            double straight = HeadPose.of(mesh(frontal)).yaw();
            double toRight = HeadPose.of(mesh(right)).yaw() - straight;
            double toLeft = HeadPose.of(mesh(left)).yaw() - straight;
            System.out.printf("%s: rendered at +-20 degrees, FaceMesh reads %+.1f and %+.1f; eye aspect ratio open %.3f, shut %.3f%n",
                    portrait, toRight, toLeft, eyeAspectRatio(frontal), eyeAspectRatio(shut));
            assertThat(Math.signum(toRight)).as("the two turns read opposite ways").isEqualTo(-Math.signum(toLeft));
            assertThat(Math.min(Math.abs(toRight), Math.abs(toLeft))).as("and turned").isGreaterThan(3);
            assertThat(eyeAspectRatio(frontal)).as("open, as in the photo").isGreaterThanOrEqualTo(0.25);
            assertThat(eyeAspectRatio(shut)).as("under the published eyes-closed ratio").isLessThan(0.2);
            for (Mat frame : List.of(frontal, right, left, shut)) {
                frame.release();
            }
        }
    }

    /**
     * A head turned 20 degrees either way against a print of the same photo turned 30 and 45
     * degrees (a more visible move, and tilted 10 degrees): on FaceMesh's landmarks, a homography
     * leaves a larger share of the head's motion unexplained than of the print's. No threshold:
     * the claim is the order, on each portrait.
     */
    @ParameterizedTest
    @ValueSource(strings = {"grace-hopper", "grace-hopper-second-photo", "eileen-collins"})
    void aTurningHeadLeavesMoreMotionThanAHomographyExplainsThanATiltedPrint(String portrait) throws Exception {
        byte[] photo = photo(portrait);
        List<Double> heads = new ArrayList<>();
        List<Double> prints = new ArrayList<>();
        List<Double> twelve = new ArrayList<>();
        try (TurnedPortrait subject = TurnedPortrait.of(photo, finder)) {
            Mat frontal = subject.render(TurnedPortrait.Pose.FRONTAL);
            FaceLandmarks straight = mesh(frontal);
            frontal.release();
            for (double yaw : new double[] {-20, 20}) {
                Mat turned = subject.render(new TurnedPortrait.Pose(yaw, 0, 0));
                FaceLandmarks seen = mesh(turned);
                heads.add(parallaxShare(straight, seen));
                twelve.add(twelvePointResidual(straight, seen));
                turned.release();
            }
        }
        Mat picture = Imgcodecs.imdecode(new MatOfByte(photo), Imgcodecs.IMREAD_COLOR);
        Mat held = TiltedPrint.seen(picture, 0, 0);
        FaceLandmarks facing = mesh(held);
        for (double yaw : new double[] {30, 45}) {
            Mat tilted = TiltedPrint.seen(picture, yaw, 10);
            FaceLandmarks seen = mesh(tilted);
            prints.add(parallaxShare(facing, seen));
            twelve.add(twelvePointResidual(facing, seen));
            tilted.release();
        }
        held.release();
        picture.release();
        System.out.printf("%s: share of motion no homography explains, head at -20/+20 degrees %s, print at 30/45 degrees %s; "
                + "twelve-landmark homography residuals (IOD), head, head, print, print: %s%n", portrait, heads, prints, twelve);
        assertThat(heads.stream().mapToDouble(Double::doubleValue).min().orElseThrow())
                .isGreaterThan(prints.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }
}
