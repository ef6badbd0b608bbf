package dev.likeness.quality.filters;

import dev.likeness.vision.DetectedFace;
import dev.likeness.vision.EyeLandmarker;
import dev.likeness.vision.FaceBox;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.ImagePoint;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Runs every server-side filter on one decoded frame. Pure: the same frame gives the same
 * verdict, so re-processing a redelivered frame is harmless. The thresholds are product choices
 * stated with their reason, not values fitted to test photos.
 */
public final class FrameQualityInspector {

    /** Mean grey level (0-255) below which a frame is too dark to judge a face. */
    static final double LOW_LIGHT_MEAN = 50;
    /** Where the face must be (size, edges, centre): shared with the browser's client filters. */
    static final FaceGeometryLimits GEOMETRY = FaceGeometryLimits.declared();
    /**
     * Head pose limits in degrees. Generous for live capture (a passport photo allows far less):
     * beyond them the recogniser's accuracy drops noticeably. Pitch reads ~+10 degrees on a frontal
     * face (FaceMesh's depth axis), hence its wider limit.
     */
    static final double MAX_ROLL = 20;
    static final double MAX_YAW = 25;
    static final double MAX_PITCH = 30;
    /**
     * Variance of the Laplacian of the face resampled to 128 px wide, below which the face is
     * blurred: a sharp face has hundreds or more; a Gaussian blur of sigma ~3 px at that scale
     * leaves ~10.
     */
    static final double MIN_SHARPNESS = 25;
    /** The fraction of the face's pixels clipped white (grey >= 250) above which detail is lost. */
    static final double MAX_CLIPPED_FRACTION = 0.25;
    /**
     * Eye aperture (lid gap over eye width, both eyes averaged) under which the eyes are closed:
     * the eye-aspect-ratio threshold of Soukupová and Čech (2016), used as published. Open eyes
     * read about 0.3.
     */
    static final double MIN_EYE_APERTURE = 0.2;
    /** Mean chroma (|Cr-128| + |Cb-128|) under which a frame is black and white; JPEG leaves about one unit on grey. */
    static final double MIN_CHROMA = 2;

    private static final int MOUTH_KEYPOINT = 3;

    private final FaceFinder finder;
    private final EyeLandmarker eyes;

    public FrameQualityInspector(FaceFinder finder, EyeLandmarker eyes) {
        this.finder = finder;
        this.eyes = eyes;
    }

    public QualityVerdict inspect(FrameImage frame) {
        Set<QualityFilter> triggered = EnumSet.noneOf(QualityFilter.class);
        if (ImageMeasures.meanBrightness(frame) < LOW_LIGHT_MEAN) {
            triggered.add(QualityFilter.IMAGE_METADATA_LOW_LIGHT);
        }
        if (ImageMeasures.chroma(frame) < MIN_CHROMA) {
            triggered.add(QualityFilter.IMAGE_BLACK_AND_WHITE);
        }
        FaceFinder.Finding finding = finder.find(frame);
        OptionalDouble eyeAspectRatio = OptionalDouble.empty();
        // Clipping is judged on the face, or on the whole frame when there is none (a white-out hides the face).
        FaceBox exposureRegion = finding.largest().map(DetectedFace::box).orElse(new FaceBox(0, 0, frame.width(), frame.height()));
        if (ImageMeasures.clippedFraction(frame, exposureRegion) > MAX_CLIPPED_FRACTION) {
            triggered.add(QualityFilter.OVEREXPOSED);
        }
        if (finding.faces().isEmpty() || finding.landmarks().isEmpty()) {
            triggered.add(QualityFilter.FACE_MISSING);
        } else {
            if (finding.faces().size() > 1) {
                triggered.add(QualityFilter.FACE_MULTIPLE);
            }
            DetectedFace largest = finding.largest().orElseThrow();
            judgeGeometry(frame, largest, triggered);
            judgePose(finding.landmarks().get(), triggered);
            if (ImageMeasures.sharpness(frame, largest.box()) < MIN_SHARPNESS) {
                triggered.add(QualityFilter.BLURRY);
            }
            // The eye model costs about as much as finding the face (two Iris passes), so it runs
            // only on a frame nothing else refuses: the user fixes one thing at a time anyway.
            if (triggered.isEmpty()) {
                eyeAspectRatio = eyeAspectRatio(frame, finding.landmarks().get());
                if (eyeAspectRatio.isPresent() && eyeAspectRatio.getAsDouble() < MIN_EYE_APERTURE) {
                    triggered.add(QualityFilter.EYES_CLOSED);
                }
            }
        }
        return new QualityVerdict(triggered, finding, eyeAspectRatio);
    }

    private static void judgeGeometry(FrameImage frame, DetectedFace face, Set<QualityFilter> triggered) {
        FaceBox box = face.box();
        double width = box.width();
        int shorterSide = Math.min(frame.width(), frame.height());
        if (width < GEOMETRY.minFaceWidthPx() || width < shorterSide * GEOMETRY.minFaceWidthOfShorterSide()) {
            triggered.add(QualityFilter.FACE_TOO_SMALL);
        }
        if (width > shorterSide * GEOMETRY.maxFaceWidthOfShorterSide()) {
            triggered.add(QualityFilter.FACE_TOO_CLOSE);
        }
        double margin = GEOMETRY.edgeMarginPx();
        boolean boxInside = box.x() >= margin && box.y() >= margin
                && box.x() + box.width() <= frame.width() - margin && box.y() + box.height() <= frame.height() - margin;
        // The eyes, the nose and the mouth (BlazeFace's first four keypoints; the ears may be hidden).
        List<ImagePoint> features = face.keypoints().subList(0, MOUTH_KEYPOINT + 1);
        boolean featuresInside = features.stream().allMatch(p -> p.isFinite() && p.x() >= 0 && p.y() >= 0
                && p.x() < frame.width() && p.y() < frame.height());
        if (!boxInside || !featuresInside) {
            triggered.add(QualityFilter.FACE_PARTIAL);
        }
        double offX = Math.abs(box.centerX() - frame.width() / 2.0) / frame.width();
        double offY = Math.abs(box.centerY() - frame.height() / 2.0) / frame.height();
        if (offX > GEOMETRY.maxOffCenterOfWidth() || offY > GEOMETRY.maxOffCenterOfHeight()) {
            triggered.add(QualityFilter.FACE_OFF_CENTER);
        }
    }

    /** Both eyes' mean aperture; none when they cannot be measured (too small, cut off), and such eyes are not called closed. */
    private OptionalDouble eyeAspectRatio(FrameImage frame, FaceLandmarks landmarks) {
        return eyes.apertures(frame, landmarks).map(a -> OptionalDouble.of(a.mean())).orElse(OptionalDouble.empty());
    }

    private static void judgePose(FaceLandmarks landmarks, Set<QualityFilter> triggered) {
        HeadPose pose = HeadPose.of(landmarks);
        if (!(Math.abs(pose.roll()) <= MAX_ROLL && Math.abs(pose.yaw()) <= MAX_YAW && Math.abs(pose.pitch()) <= MAX_PITCH)) {
            triggered.add(QualityFilter.FACE_ANGLE_TOO_LARGE);
        }
    }
}
