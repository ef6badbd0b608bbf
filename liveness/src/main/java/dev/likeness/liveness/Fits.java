package dev.likeness.liveness;

import java.util.List;

/**
 * Least-squares fits of one 2D point set onto another, and their RMS residuals in pixels: a
 * similarity (rotation, uniform scale, translation; closed form) and a homography (eight
 * parameters, direct linear transform on Hartley-normalized points, solved by Gaussian
 * elimination of the normal equations: eight unknowns need no linear-algebra library).
 */
final class Fits {

    private Fits() {
    }

    static double similarityResidual(List<Point> from, List<Point> to) {
        int n = from.size();
        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (int i = 0; i < n; i++) {
            fx += from.get(i).x();
            fy += from.get(i).y();
            tx += to.get(i).x();
            ty += to.get(i).y();
        }
        fx /= n;
        fy /= n;
        tx /= n;
        ty /= n;
        double a = 0;
        double b = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double px = from.get(i).x() - fx;
            double py = from.get(i).y() - fy;
            double qx = to.get(i).x() - tx;
            double qy = to.get(i).y() - ty;
            a += px * qx + py * qy;
            b += px * qy - py * qx;
            norm += px * px + py * py;
        }
        // q = [a -b; b a] p / norm: the rotation and scale that best map the centred points.
        double sa = a / norm;
        double sb = b / norm;
        double squared = 0;
        for (int i = 0; i < n; i++) {
            double px = from.get(i).x() - fx;
            double py = from.get(i).y() - fy;
            double ex = sa * px - sb * py - (to.get(i).x() - tx);
            double ey = sb * px + sa * py - (to.get(i).y() - ty);
            squared += ex * ex + ey * ey;
        }
        return Math.sqrt(squared / n);
    }

    static double homographyResidual(List<Point> from, List<Point> to) {
        double[] fromNorm = normalization(from);
        double[] toNorm = normalization(to);
        int n = from.size();
        double[][] normal = new double[8][9];
        for (int i = 0; i < n; i++) {
            double x = (from.get(i).x() - fromNorm[0]) * fromNorm[2];
            double y = (from.get(i).y() - fromNorm[1]) * fromNorm[2];
            double u = (to.get(i).x() - toNorm[0]) * toNorm[2];
            double v = (to.get(i).y() - toNorm[1]) * toNorm[2];
            accumulate(normal, new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y}, u);
            accumulate(normal, new double[] {0, 0, 0, x, y, 1, -v * x, -v * y}, v);
        }
        double[] h = solve(normal);
        double squared = 0;
        for (int i = 0; i < n; i++) {
            double x = (from.get(i).x() - fromNorm[0]) * fromNorm[2];
            double y = (from.get(i).y() - fromNorm[1]) * fromNorm[2];
            double w = h[6] * x + h[7] * y + 1;
            double u = (h[0] * x + h[1] * y + h[2]) / w;
            double v = (h[3] * x + h[4] * y + h[5]) / w;
            double ex = (u / toNorm[2] + toNorm[0]) - to.get(i).x();
            double ey = (v / toNorm[2] + toNorm[1]) - to.get(i).y();
            squared += ex * ex + ey * ey;
        }
        return Math.sqrt(squared / n);
    }

    /** Centroid x, y and the scale that puts the points' mean distance from it at sqrt(2) (Hartley). */
    private static double[] normalization(List<Point> points) {
        double cx = points.stream().mapToDouble(Point::x).average().orElseThrow();
        double cy = points.stream().mapToDouble(Point::y).average().orElseThrow();
        double mean = points.stream().mapToDouble(p -> Math.hypot(p.x() - cx, p.y() - cy)).average().orElseThrow();
        return new double[] {cx, cy, mean > 0 ? Math.sqrt(2) / mean : 1};
    }

    /** Adds one equation row . h = target to the normal equations [A^T A | A^T b]. */
    private static void accumulate(double[][] normal, double[] row, double target) {
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                normal[r][c] += row[r] * row[c];
            }
            normal[r][8] += row[r] * target;
        }
    }

    /** Gaussian elimination with partial pivoting of the 8 x 8 system. */
    private static double[] solve(double[][] system) {
        int n = 8;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(system[r][col]) > Math.abs(system[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = system[col];
            system[col] = system[pivot];
            system[pivot] = swap;
            if (Math.abs(system[col][col]) < 1e-12) {
                throw new IllegalArgumentException("the landmarks are degenerate (collinear or coincident): no homography fits");
            }
            for (int r = col + 1; r < n; r++) {
                double factor = system[r][col] / system[col][col];
                for (int c = col; c <= n; c++) {
                    system[r][c] -= factor * system[col][c];
                }
            }
        }
        double[] h = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = system[r][n];
            for (int c = r + 1; c < n; c++) {
                sum -= system[r][c] * h[c];
            }
            h[r] = sum / system[r][r];
        }
        return h;
    }
}
