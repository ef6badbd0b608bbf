package dev.likeness.vision;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Cuts the aligned face chip dlib's recogniser was trained on: 150x150 pixels, the face placed as
 * dlib's {@code get_face_chip_details(shape, 150, 0.25)} places it. Seven FaceMesh landmarks (eye
 * corners, the base of the nose, mouth corners) are mapped by the least-squares similarity
 * transform (rotation, uniform scale, shift) onto the positions dlib's mean face gives the
 * corresponding points of its 68-point scheme.
 */
public final class FaceAligner {

    public static final int CHIP_SIDE = 150;
    /** FaceMesh indices of: right eye outer and inner corner, left eye inner and outer corner, nose base, mouth corners. */
    public static final int[] MESH_POINTS = {33, 133, 362, 263, 2, 61, 291};
    /** A face whose alignment points span fewer pixels than this cannot make a usable chip. */
    static final double MIN_SPAN = 8;
    private static final double PADDING = 0.25;

    /** Where dlib's mean face has them (its points 36, 39, 42, 45, 33, 48, 54), in the unpadded unit square. */
    private static final double[][] MEAN_FACE = {
            {0.121737, 0.216423}, {0.334606, 0.231733}, {0.645647, 0.231733}, {0.858516, 0.216423},
            {0.490127, 0.628106}, {0.254149, 0.780233}, {0.726104, 0.780233}};

    private FaceAligner() {
    }

    /** The alignment points of a mesh, in {@link #MESH_POINTS} order. */
    public static List<ImagePoint> alignmentPoints(FaceLandmarks mesh) {
        return Arrays.stream(MESH_POINTS).mapToObj(mesh::point).toList();
    }

    /** The BGR chip (the caller holds it), or empty when the points are degenerate (not finite, or collapsed onto each other). */
    public static Optional<Mat> chip(FrameImage frame, List<ImagePoint> points) {
        return transform(points).map(transform ->
                ImageSampling.warp(frame.colour(), transform, Imgproc.INTER_LINEAR, CHIP_SIDE, CHIP_SIDE, Core.BORDER_CONSTANT));
    }

    /** The 2x3 similarity transform from frame pixels to chip pixels, row by row. */
    static Optional<double[]> transform(List<ImagePoint> points) {
        if (points.size() != MEAN_FACE.length || !points.stream().allMatch(ImagePoint::isFinite)) {
            return Optional.empty();
        }
        int n = points.size();
        double px = 0, py = 0, qx = 0, qy = 0;
        double[][] target = new double[n][2];
        for (int i = 0; i < n; i++) {
            target[i][0] = (PADDING + MEAN_FACE[i][0]) / (2 * PADDING + 1) * CHIP_SIDE;
            target[i][1] = (PADDING + MEAN_FACE[i][1]) / (2 * PADDING + 1) * CHIP_SIDE;
            px += points.get(i).x() / n;
            py += points.get(i).y() / n;
            qx += target[i][0] / n;
            qy += target[i][1] / n;
        }
        double a = 0, b = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double x = points.get(i).x() - px, y = points.get(i).y() - py;
            double u = target[i][0] - qx, v = target[i][1] - qy;
            a += x * u + y * v;
            b += x * v - y * u;
            norm += x * x + y * y;
        }
        if (!(Math.sqrt(norm / n) >= MIN_SPAN)) {
            return Optional.empty();
        }
        double c = a / norm, s = b / norm;
        return Optional.of(new double[]{c, -s, qx - (c * px - s * py), s, c, qy - (s * px + c * py)});
    }
}
