package dev.likeness.liveness;

import java.util.List;

/**
 * Whether the landmarks of two frames of one session moved as a flat object or as a head. Any
 * flat thing (a print, a phone or monitor showing a photo, bent a little) seen from two poses is
 * related by one homography; a head turning in depth is not, because points at different depths
 * (the nose tip, the cheek contour) shift against each other (parallax).
 *
 * <p>Measures, in inter-ocular distances (IOD) of the first frame, the RMS residual of the best
 * 2D similarity (what a move in the image plane explains) and of the best homography between the
 * two point sets. Every threshold is a multiple of one physical figure, FaceMesh's landmark jitter
 * at webcam resolution, about 1 % of the IOD (0.5-1 px at 60-100 px), none fitted to images:
 * <ul>
 * <li>a similarity residual under 2 % ({@link #MOTION_RESIDUAL}, twice the jitter) is no turn in
 * depth at all: nothing to judge;</li>
 * <li>a homography residual over 3 % ({@link #PLANAR_RESIDUAL}, three times the jitter) is parallax
 * no flat object leaves: three-dimensional. A head turned enough to pass the first bar (about 20
 * degrees of foreshortening alone) moves its nose tip, half an IOD in front of the cheek contour,
 * by some 17 % of the IOD against it;</li>
 * <li>a homography residual within the jitter after a clear turn (a similarity residual over 8 %,
 * {@link #PLANAR_MOTION}) is a flat object. Between 2 % and 8 % with no parallax, the turn is too
 * small to call either way: a print must be turned some 45 degrees to be called flat.</li>
 * </ul>
 */
public final class PlanarMotion {

    /** Largest RMS residual of a homography fit, in IODs, that a flat object leaves (3 x landmark jitter). */
    public static final double PLANAR_RESIDUAL = 0.03;
    /** Largest RMS residual of a similarity fit, in IODs, that counts as no turn in depth (2 x landmark jitter). */
    public static final double MOTION_RESIDUAL = 0.02;
    /**
     * Least similarity residual, in IODs, of a turn clear enough to call a parallax-free object
     * flat: 8 x the jitter. On an average head's geometry (SyntheticHead in the tests) a 15 degree
     * turn leaves a similarity residual of 5 % with its parallax only just above the jitter after a
     * homography fit of twelve landmarks, so anything under 8 % may be a head turning a little.
     */
    public static final double PLANAR_MOTION = 0.08;

    /** What two frames' landmarks show. */
    public enum Structure {
        THREE_DIMENSIONAL, PLANAR, INSUFFICIENT_MOTION
    }

    /** The verdict and its measures (residuals in IODs), for the evidence a decision carries. */
    public record Measure(Structure structure, double similarityResidual, double homographyResidual) {
    }

    private PlanarMotion() {
    }

    /**
     * {@code from} and {@code to}: the same landmarks (at least 8, spread over the face, the nose
     * tip and the face contour among them) in two frames; {@code interOcular}: the eyes' distance
     * in {@code from}, pixels.
     */
    public static Measure compare(List<Point> from, List<Point> to, double interOcular) {
        if (from.size() != to.size() || from.size() < 8) {
            throw new IllegalArgumentException("two frames' same landmarks, at least 8, are needed");
        }
        if (!(interOcular > 0)) {
            throw new IllegalArgumentException("the inter-ocular distance must be positive");
        }
        double similarity = Fits.similarityResidual(from, to) / interOcular;
        double homography = Fits.homographyResidual(from, to) / interOcular;
        Structure structure = similarity <= MOTION_RESIDUAL ? Structure.INSUFFICIENT_MOTION
                : homography > PLANAR_RESIDUAL ? Structure.THREE_DIMENSIONAL
                : similarity >= PLANAR_MOTION ? Structure.PLANAR : Structure.INSUFFICIENT_MOTION;
        return new Measure(structure, similarity, homography);
    }
}
