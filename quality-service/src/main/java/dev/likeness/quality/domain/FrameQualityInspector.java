package dev.likeness.quality.domain;

import dev.likeness.vision.FaceBox;
import dev.likeness.vision.FaceDetector;
import dev.likeness.vision.FrameImage;
import org.opencv.core.Core;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runs every server-side filter on one decoded frame. Pure: the same frame gives the same
 * verdict, so re-processing a redelivered frame is harmless.
 */
public final class FrameQualityInspector {

    /** Mean grey level (0-255) below which a frame is too dark to judge a face. */
    static final double LOW_LIGHT_MEAN = 50;
    /**
     * The face box must span at least this fraction of the frame's shorter side... (a head-and-
     * shoulders webcam shot is 30-50%; the NASA half-body portrait is 19%). Below ~16% the detector
     * no longer finds the face at all, and the frame is face_missing instead.
     */
    static final double MIN_FACE_FRACTION = 0.18;
    /** ...and at least this many pixels, the size a template needs. */
    static final int MIN_FACE_PIXELS = 64;
    /** A face wider than this fraction of the frame is cut off at the edges or distorted. */
    static final double MAX_FACE_FRACTION = 0.8;

    private final FaceDetector detector;

    public FrameQualityInspector(FaceDetector detector) {
        this.detector = detector;
    }

    public QualityVerdict inspect(FrameImage frame) {
        Set<QualityFilter> triggered = EnumSet.noneOf(QualityFilter.class);
        if (Core.mean(frame.grey()).val[0] < LOW_LIGHT_MEAN) {
            triggered.add(QualityFilter.IMAGE_METADATA_LOW_LIGHT);
        }
        List<FaceBox> faces = detector.detect(frame);
        if (faces.isEmpty()) {
            triggered.add(QualityFilter.FACE_MISSING);
        } else {
            if (faces.size() > 1) {
                triggered.add(QualityFilter.FACE_MULTIPLE);
            }
            FaceBox largest = faces.get(0);
            int shorterSide = Math.min(frame.width(), frame.height());
            if (largest.width() < MIN_FACE_PIXELS || largest.width() < shorterSide * MIN_FACE_FRACTION) {
                triggered.add(QualityFilter.FACE_TOO_SMALL);
            }
            if (largest.width() > shorterSide * MAX_FACE_FRACTION) {
                triggered.add(QualityFilter.FACE_TOO_CLOSE);
            }
        }
        return new QualityVerdict(triggered);
    }
}
