package dev.likeness.liveness;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic head for the mechanics tests: twelve landmarks of an average face in 3D (units of
 * the outer-eye-corner distance's half, so the inter-ocular distance is about 1.5; z towards the
 * camera), seen by a pinhole camera 8 units away, turned and moved as asked, with landmark noise.
 * Geometry, not a person: it tests the signals, not any threshold's fit to real faces.
 */
final class SyntheticHead {

    /**
     * x, y, z of: eye corners (outer right, inner right, inner left, outer left), nose bridge,
     * nose tip, mouth corners, chin, cheek contour, forehead.
     */
    static final double[][] FACE = {
        {-0.75, 0, -0.1}, {-0.25, 0, -0.05}, {0.25, 0, -0.05}, {0.75, 0, -0.1}, {0, 0.1, 0.15}, {0, 0.55, 0.45},
        {-0.4, 1.0, 0.05}, {0.4, 1.0, 0.05}, {0, 1.5, 0.05}, {-1.05, 0.6, -0.55}, {1.05, 0.6, -0.55}, {0, -0.7, 0.05}};
    /**
     * Another face, held out: the thresholds' reasoning used {@link #FACE}; this one, flatter (the
     * nose tip 0.35 in front, the contour 0.45 behind) and wider-eyed, checks that it carries over.
     */
    static final double[][] HELD_OUT_FACE = {
        {-0.8, 0.05, -0.1}, {-0.28, 0.02, -0.04}, {0.28, 0.02, -0.04}, {0.8, 0.05, -0.1}, {0, 0.12, 0.12}, {0, 0.6, 0.35},
        {-0.45, 1.05, 0.03}, {0.45, 1.05, 0.03}, {0, 1.6, 0.0}, {-1.1, 0.65, -0.45}, {1.1, 0.65, -0.45}, {0, -0.75, 0.02}};
    static final double DISTANCE = 8;
    static final double FOCAL = 400;

    private SyntheticHead() {
    }

    /** The landmarks in pixels after turning the head by {@code yaw} and {@code pitch} (degrees), rolling and shifting it. */
    static List<Point> seen(double[][] face, double yaw, double pitch, double roll, double shiftX, double shiftY, double noise,
                            Random random) {
        double cy = Math.cos(Math.toRadians(yaw));
        double sy = Math.sin(Math.toRadians(yaw));
        double cp = Math.cos(Math.toRadians(pitch));
        double sp = Math.sin(Math.toRadians(pitch));
        double cr = Math.cos(Math.toRadians(roll));
        double sr = Math.sin(Math.toRadians(roll));
        List<Point> points = new ArrayList<>();
        for (double[] p : face) {
            double x = p[0] * cy + p[2] * sy;
            double z = -p[0] * sy + p[2] * cy;
            double y = p[1] * cp - z * sp;
            z = p[1] * sp + z * cp;
            double u = FOCAL * x / (DISTANCE - z);
            double v = FOCAL * y / (DISTANCE - z);
            double ru = u * cr - v * sr + 320 + shiftX;
            double rv = u * sr + v * cr + 240 + shiftY;
            points.add(new Point(ru + random.nextGaussian() * noise, rv + random.nextGaussian() * noise));
        }
        return points;
    }

    /** The face flattened onto a plane, as a print or a screen shows it (with {@code bend}: z = bend x x^2, a print held curved). */
    static double[][] flat(double bend) {
        double[][] flat = new double[FACE.length][];
        for (int i = 0; i < FACE.length; i++) {
            flat[i] = new double[] {FACE[i][0], FACE[i][1], bend * FACE[i][0] * FACE[i][0]};
        }
        return flat;
    }

    /** The inter-ocular distance (outer eye corners) in pixels of a frontal view. */
    static double interOcular() {
        return FOCAL * 1.5 / (DISTANCE + 0.1);
    }
}
