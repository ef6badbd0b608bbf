package dev.likeness.quality.domain;

import dev.likeness.vision.DetectedFace;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FrameImage;
import org.opencv.core.Core;

import java.util.EnumSet;
import java.util.Set;

/**
 * Runs every server-side filter on one decoded frame. Pure: the same frame gives the same
 * verdict, so re-processing a redelivered frame is harmless.
 */
public final class FrameQualityInspector {

    /** Mean grey level (0-255) below which a frame is too dark to judge a face. */
    static final double LOW_LIGHT_MEAN = 50;
    /**
     * The face box must span at least this fraction of the frame's shorter side (a head-and-
     * shoulders webcam shot is 30-50%; the NASA half-body portrait is 19%)...
     */
    static final double MIN_FACE_WIDTH_FRACTION = 0.18;
    /** ...and at least this many pixels: the descriptor's chip is 150 px wide, a face far below that is upsampled noise. */
    static final int MIN_FACE_PIXELS = 64;
    /** A face wider than this fraction of the frame's shorter side is cut off at the edges or distorted. */
    static final double MAX_FACE_WIDTH_FRACTION = 0.8;

    private final FaceFinder finder;

    public FrameQualityInspector(FaceFinder finder) {
        this.finder = finder;
    }

    public QualityVerdict inspect(FrameImage frame) {
        Set<QualityFilter> triggered = EnumSet.noneOf(QualityFilter.class);
        if (Core.mean(frame.grey()).val[0] < LOW_LIGHT_MEAN) {
            triggered.add(QualityFilter.IMAGE_METADATA_LOW_LIGHT);
        }
        FaceFinder.Finding finding = finder.find(frame);
        if (finding.faces().isEmpty() || finding.landmarks().isEmpty()) {
            // No face, or the landmark model saw none in the detector's box.
            triggered.add(QualityFilter.FACE_MISSING);
        } else {
            if (finding.faces().size() > 1) {
                triggered.add(QualityFilter.FACE_MULTIPLE);
            }
            DetectedFace largest = finding.largest().orElseThrow();
            double width = largest.box().width();
            int shorterSide = Math.min(frame.width(), frame.height());
            if (width < MIN_FACE_PIXELS || width < shorterSide * MIN_FACE_WIDTH_FRACTION) {
                triggered.add(QualityFilter.FACE_TOO_SMALL);
            }
            if (width > shorterSide * MAX_FACE_WIDTH_FRACTION) {
                triggered.add(QualityFilter.FACE_TOO_CLOSE);
            }
        }
        return new QualityVerdict(triggered, finding);
    }
}
