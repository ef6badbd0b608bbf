package dev.likeness.vision;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The eye model on open eyes at several scales and tilts, and on eyes it cannot see whole. */
class EyeLandmarkerTest {

    static FaceFinder finder;
    static EyeLandmarker eyes;

    @BeforeAll
    static void loadModels() {
        finder = FaceFinder.withModels();
        eyes = new EyeLandmarker();
    }

    static EyeLandmarker.EyeApertures apertures(FrameImage frame) {
        FaceLandmarks mesh = finder.find(frame).landmarks().orElseThrow(() -> new AssertionError("no mesh in " + frame.width() + "x"
                + frame.height() + " " + finder.find(frame).faces()));
        return eyes.apertures(frame,
                mesh).orElseThrow(() -> new AssertionError("no apertures; right eye at " + mesh.point(33) + " " + mesh.point(133)
                + " frame " + frame.width()));
    }

    @Test
    void openEyesReadAsOpenInEveryPortraitAndAtWebcamSizes() throws Exception {
        // Open eyes have an aspect ratio of roughly 0.25-0.4 in the literature; each eye is measured on its own.
        for (String name : new String[]{"grace-hopper/frame-01.jpg", "grace-hopper-second-photo/frame-01.jpg",
                "eileen-collins/frame-01.jpg"}) {
            try (FrameImage photo = TestImages.photo(name)) {
                assertOpen(name, apertures(photo));
            }
        }
        for (int side : new int[]{240, 320, 400}) {
            try (FrameImage frame = TestImages.webcamFrame("grace-hopper/frame-01.jpg", side, (640 - side) / 2, (480 - side) / 2)) {
                assertOpen(side + " px", apertures(frame));
            }
        }
    }

    static void assertOpen(String what, EyeLandmarker.EyeApertures a) {
        assertThat(a.right()).as(what).isBetween(0.25, 0.45);
        assertThat(a.left()).as(what).isBetween(0.25, 0.45);
    }

    @Test
    void aTiltedHeadMeasuresAsUpright() throws Exception {
        // The eye crop turns with the eye, so a head tilt changes the measure little.
        try (FrameImage upright = TestImages.photo("grace-hopper/frame-01.jpg")) {
            Mat turned = new Mat();
            Mat turn = Imgproc.getRotationMatrix2D(new Point(upright.width() / 2.0, upright.height() / 2.0), 18, 1);
            Imgproc.warpAffine(upright.colour(), turned, turn, upright.colour().size(), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
            try (FrameImage tilted = FrameImage.of(turned)) {
                assertThat(apertures(tilted).mean()).isCloseTo(apertures(upright).mean(), Offset.offset(0.04));
            }
        }
    }

    @Test
    void eyesRunningOffTheFrameOrTooSmallAreNotMeasured() throws Exception {
        try (FrameImage photo = TestImages.photo("grace-hopper/frame-01.jpg")) {
            FaceLandmarks mesh = finder.find(photo).landmarks().orElseThrow();
            // The same landmarks on a frame cut just below the eyebrows: the eye crops leave it.
            int eyeLine = (int) mesh.y()[159];
            try (FrameImage cut = FrameImage.of(photo.colour().submat(eyeLine, photo.height(), 0, photo.width()).clone())) {
                float[] y = mesh.y().clone();
                for (int i = 0; i < y.length; i++) {
                    y[i] -= eyeLine;
                }
                assertThat(eyes.apertures(cut, new FaceLandmarks(mesh.x(), y, mesh.z(), mesh.score()))).isEmpty();
            }
            // Degenerate landmarks: every point in one place.
            float[] same = new float[FaceLandmarks.COUNT];
            Arrays.fill(same, 100f);
            assertThat(eyes.apertures(photo, new FaceLandmarks(same, same.clone(), same.clone(), 0.9))).isEmpty();
            float[] nan = same.clone();
            Arrays.fill(nan, Float.NaN);
            assertThat(eyes.apertures(photo, new FaceLandmarks(nan, nan.clone(), nan.clone(), 0.9))).isEmpty();
        }
    }
}
