package dev.likeness.liveness;

import java.util.List;

/**
 * Whether the landmarks of two frames of one session moved as a flat object or as a head. Any
 * flat thing (a print, a phone or monitor showing a photo, bent a little) seen from two poses is
 * related by one homography; a head turning in depth is not, because points at different depths
 * (the nose tip, the cheek contour) shift against each other (parallax).
 *
 * <p>Measures, in inter-ocular distances (IOD) of the first frame, the RMS residual of the best
 * 2D similarity (what a move in the image plane explains) and of the best homography, and judges
 * their ratio: the <em>parallax share</em>, the part of the motion beyond a move in the image plane
 * that no homography explains. A ratio, not an absolute residual, because FaceMesh fits its own
 * face-shaped depth to whatever it sees: on a photo turned 60 degrees its landmarks leave a
 * homography residual of 2.5-3.8 % of the IOD, overlapping a head turned 45 degrees (3.2-4.8 %), while the
 * share of the motion that residual is stays about half the head's at every size of turn.
 * <ul>
 * <li>a similarity residual under {@link #MOTION_RESIDUAL} (3 % of the IOD, three times FaceMesh's
 * landmark jitter of about 1 %) is too little turn in depth to judge: jitter would be much of it;</li>
 * <li>above it, a parallax share of at least {@link #PARALLAX_SHARE} is three-dimensional, under
 * it planar.</li>
 * </ul>
 * The share's threshold is calibrated on one portrait only (subjects/: grace-hopper's synthetic
 * head turned 8-45 degrees read 0.63-0.75, its print turned 15-60 degrees and tilted 0.24-0.48)
 * and checked on two others there; it is a figure for FaceMesh on rendered subjects, to be
 * measured again on people before any error rate is claimed.
 */
public final class PlanarMotion {

    /** Least RMS similarity residual, in IODs, of a move worth judging (3 x FaceMesh's landmark jitter). */
    public static final double MOTION_RESIDUAL = 0.03;
    /** Least parallax share (homography residual over similarity residual) of a head; under it, a flat object. */
    public static final double PARALLAX_SHARE = 0.55;

    /** What two frames' landmarks show. */
    public enum Structure {
        THREE_DIMENSIONAL, PLANAR, INSUFFICIENT_MOTION
    }

    /** The verdict and its measures (residuals in IODs), for the evidence a decision carries. */
    public record Measure(Structure structure, double similarityResidual, double homographyResidual) {

        /** The share of the motion beyond a move in the image plane that no homography explains; 0 without motion. */
        public double parallaxShare() {
            return similarityResidual > 0 ? homographyResidual / similarityResidual : 0;
        }
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
        Structure structure = similarity < MOTION_RESIDUAL ? Structure.INSUFFICIENT_MOTION
                : homography / similarity >= PARALLAX_SHARE ? Structure.THREE_DIMENSIONAL : Structure.PLANAR;
        return new Measure(structure, similarity, homography);
    }
}
