package dev.likeness.auth.template;

import dev.likeness.proto.v1.FaceGeometry;
import dev.likeness.vision.FaceAligner;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.ImagePoint;
import dev.likeness.vision.MatScope;
import org.opencv.core.Mat;

import java.util.List;

/**
 * One accepted frame to one weighted descriptor: aligns on the geometry quality-service found
 * (no second detection) and describes the chip. Geometry that cannot be a face in this frame
 * (missing, not finite, a box of a pixel, landmarks collapsed or far outside the image) is refused
 * with a reason rather than described.
 */
public final class AlignedFaceDescriber {

    /** Alignment points may lie outside the frame (a face at its edge), but not further than this fraction of its size. */
    static final double OUTSIDE_MARGIN = 0.5;
    /** A face box narrower than this many pixels cannot hold a face the descriptor can use. */
    static final double MIN_BOX_SIDE = 16;

    private final FaceDescriber describer;

    public AlignedFaceDescriber(FaceDescriber describer) {
        this.describer = describer;
    }

    /** The frame's face could not be described; the reason is safe to log (no biometric data). */
    public static final class UnusableFaceException extends Exception {
        UnusableFaceException(String reason) {
            super(reason);
        }
    }

    public FaceTemplate.Descriptor describe(FrameImage frame, FaceGeometry geometry) throws UnusableFaceException {
        if (geometry.getAlignmentPointsCount() != FaceAligner.MESH_POINTS.length) {
            throw new UnusableFaceException("the frame carries no face geometry");
        }
        if (!(geometry.getWidth() >= MIN_BOX_SIDE && geometry.getHeight() >= MIN_BOX_SIDE)) {
            throw new UnusableFaceException("the face box is too small to be a face");
        }
        List<ImagePoint> points = geometry.getAlignmentPointsList().stream().map(p -> new ImagePoint(p.getX(), p.getY())).toList();
        double marginX = frame.width() * OUTSIDE_MARGIN, marginY = frame.height() * OUTSIDE_MARGIN;
        for (ImagePoint p : points) {
            if (!p.isFinite() || p.x() < -marginX || p.y() < -marginY || p.x() > frame.width() + marginX || p.y() > frame.height()
                    + marginY) {
                throw new UnusableFaceException("the face landmarks lie outside the frame");
            }
        }
        float[] values;
        try (MatScope scope = new MatScope()) {
            Mat chip = scope.hold(FaceAligner.chip(frame,
                    points).orElseThrow(() -> new UnusableFaceException("the face landmarks are degenerate")));
            values = describer.describe(chip);
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new UnusableFaceException("the face descriptor is not finite");
            }
        }
        float weight = clamp(geometry.getDetectionScore()) * clamp(geometry.getLandmarkScore());
        return new FaceTemplate.Descriptor(weight > 0 ? weight : Float.MIN_NORMAL, values);
    }

    private static float clamp(float score) {
        return Float.isFinite(score) ? Math.max(0, Math.min(1, score)) : 0;
    }
}
