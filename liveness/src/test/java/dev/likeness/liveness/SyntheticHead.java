package dev.likeness.liveness;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic head for the mechanics tests: a face's surface in 3D, sampled densely as FaceMesh
 * samples one (units of half the outer-eye-corner distance, so the inter-ocular distance is about
 * 1.5; z towards the camera), seen by a pinhole camera 8 units away, turned and moved as asked,
 * with landmark noise. Geometry, not a person: it tests the signals, not any threshold's fit to
 * real faces.
 */
final class SyntheticHead {

    /** An average face: the cheek contour 0.55 behind the face's centre line, the nose tip 0.45 in front of it. */
    static final double[][] FACE = surface(0.55, 0.45, 1.05);
    /**
     * Another face, held out: the thresholds' reasoning used {@link #FACE}; this one, flatter (the
     * contour 0.45 behind, the nose tip 0.35 in front) and wider, checks that it carries over.
     */
    static final double[][] HELD_OUT_FACE = surface(0.45, 0.35, 1.1);

    static final double DISTANCE = 8;
    static final double FOCAL = 400;

    private SyntheticHead() {
    }

    /**
     * Points on a grid over the face's oval (forehead to chin, cheek to cheek), each at the depth of
     * a face curving back towards its contour ({@code contourDepth} at {@code halfWidth}) with a
     * nose ({@code noseDepth} at its tip) in front.
     */
    static double[][] surface(double contourDepth, double noseDepth, double halfWidth) {
        List<double[]> points = new ArrayList<>();
        for (double y = -0.8; y <= 1.6 + 1e-9; y += 0.15) {
            for (double x = -halfWidth; x <= halfWidth + 1e-9; x += 0.15) {
                double oval = (x / halfWidth) * (x / halfWidth) + ((y - 0.4) / 1.25) * ((y - 0.4) / 1.25);
                if (oval > 1) {
                    continue;
                }
                double back = -contourDepth * (x / halfWidth) * (x / halfWidth);
                double nose = noseDepth * Math.exp(-(x / 0.18) * (x / 0.18) - ((y - 0.45) / 0.35) * ((y - 0.45) / 0.35));
                points.add(new double[] {x, y, back + nose});
            }
        }
        return points.toArray(new double[0][]);
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
