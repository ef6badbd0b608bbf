package dev.likeness.subjects;

import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.MatScope;
import dev.likeness.vision.UndecodableImageException;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A simulated live subject, synthetic: one portrait photo's face made to move as a head does.
 * FaceMesh's 468 landmarks of the photo, with their depth, are a 3D mesh (MediaPipe's canonical
 * triangles, {@link FaceMeshTriangles}) textured from the photo; a pose turns it about its centre
 * (yaw, pitch) and closes its lids, and each visible triangle is warped from the photo to where the
 * turned mesh projects it (orthographic, nearest triangles drawn last); a closed eye is the skin
 * colour above it over the opening, with the lashes' line. The face's old place is
 * blurred first, so the photo's own face does not show through where the turned one no longer
 * covers it. Hair, ears and background stay still: what moves is what FaceMesh measures.
 *
 * <p>Not a recording of a person, and no more than the photo's geometry: its depth is FaceMesh's
 * estimate from one view.
 */
public final class TurnedPortrait implements AutoCloseable {

    /** Each eye's contour (right eye, then left), upper lid from corner to corner, then the lower lid back. */
    private static final int[][] EYES = {
        {33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7},
        {263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249}};
    /** Where above the eye the closed lid's colour is taken, in heights of the eye's opening (the lid's skin, below the brow). */
    private static final double LID_SKIN_ABOVE = 1.0;

    /** How the head is held: degrees of yaw (positive: the subject's face turns to the image's right) and pitch (positive: up). */
    public record Pose(double yawDegrees, double pitchDegrees, double eyesClosed) {
        public static final Pose FRONTAL = new Pose(0, 0, 0);

        public Pose {
            if (eyesClosed < 0 || eyesClosed > 1) {
                throw new IllegalArgumentException("eyesClosed is a fraction, 0 (open) to 1 (shut)");
            }
        }
    }

    private final Mat photo;
    private final Mat backdrop;
    private final FaceLandmarks mesh;
    private final double centerX;
    private final double centerY;
    private final double centerZ;
    /** The mesh as the photo shows it, in {@link #turned}'s form: which way each triangle faces there. */
    private final double[][] frontal;

    private TurnedPortrait(Mat photo, Mat backdrop, FaceLandmarks mesh) {
        this.photo = photo;
        this.backdrop = backdrop;
        this.mesh = mesh;
        double x = 0, y = 0, z = 0;
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            x += mesh.x()[i];
            y += mesh.y()[i];
            z += mesh.z()[i];
        }
        this.centerX = x / FaceLandmarks.COUNT;
        this.centerY = y / FaceLandmarks.COUNT;
        this.centerZ = z / FaceLandmarks.COUNT;
        this.frontal = turned(Pose.FRONTAL);
    }

    /** The subject of a portrait photo with one frontal face; fails when FaceMesh finds none. */
    public static TurnedPortrait of(byte[] photoJpeg, FaceFinder finder) throws UndecodableImageException {
        try (FrameImage image = FrameImage.decode(photoJpeg)) {
            FaceLandmarks mesh = finder.find(image).landmarks()
                    .orElseThrow(() -> new IllegalArgumentException("no face the landmark model confirms in the portrait"));
            Mat photo = image.colour().clone();
            return new TurnedPortrait(photo, faceBlurred(photo, mesh), mesh);
        }
    }

    /** The photo's own landmarks (the subject at {@link Pose#FRONTAL}). */
    public FaceLandmarks mesh() {
        return mesh;
    }

    /** The subject in {@code pose}, BGR, the photo's size; the caller releases it. */
    public Mat render(Pose pose) {
        double[][] turned = turned(pose);
        Mat frame = backdrop.clone();
        List<int[]> visible = new ArrayList<>();
        for (int[] triangle : FaceMeshTriangles.all()) {
            double source = signedArea(frontal[0], frontal[1], triangle);
            double seen = signedArea(turned[0], turned[1], triangle);
            if (Math.signum(source) == Math.signum(seen) && Math.abs(seen) >= 0.5) {
                visible.add(triangle);
            }
        }
        // Far triangles first: a nearer one (the nose) covers what it hides (a cheek).
        visible.sort(Comparator.comparingDouble((int[] t) -> -(turned[2][t[0]] + turned[2][t[1]] + turned[2][t[2]])));
        for (int[] triangle : visible) {
            warpTriangle(frame, triangle, turned);
        }
        if (pose.eyesClosed() > 0) {
            for (int[] eye : EYES) {
                closeLids(frame, eye, turned, pose.eyesClosed());
            }
        }
        return frame;
    }

    @Override
    public void close() {
        photo.release();
        backdrop.release();
    }

    /** The mesh's points in {@code pose}: x, y in pixels, and depth (larger: farther), each an array of 468. */
    private double[][] turned(Pose pose) {
        float[] x = mesh.x();
        float[] y = mesh.y();
        float[] z = mesh.z();
        double yaw = Math.toRadians(pose.yawDegrees());
        double pitch = Math.toRadians(pose.pitchDegrees());
        double[][] out = new double[3][FaceLandmarks.COUNT];
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            double dx = x[i] - centerX, dy = y[i] - centerY, dz = z[i] - centerZ;
            // Yaw about the vertical axis (z grows away from the camera), then pitch about the horizontal one.
            double x1 = dx * Math.cos(yaw) - dz * Math.sin(yaw);
            double z1 = dx * Math.sin(yaw) + dz * Math.cos(yaw);
            double y2 = dy * Math.cos(pitch) + z1 * Math.sin(pitch);
            double z2 = -dy * Math.sin(pitch) + z1 * Math.cos(pitch);
            out[0][i] = centerX + x1;
            out[1][i] = centerY + y2;
            out[2][i] = centerZ + z2;
        }
        return out;
    }

    /**
     * Covers the eye's opening with a lid: the colour of the skin just above the eye over the
     * opening, with the lashes' darker line along the lower lid, blended in by {@code closed}.
     */
    private void closeLids(Mat frame, int[] eye, double[][] turned, double closed) {
        double left = Double.MAX_VALUE, right = -Double.MAX_VALUE, top = Double.MAX_VALUE, bottom = -Double.MAX_VALUE;
        Point[] outline = new Point[eye.length];
        for (int k = 0; k < eye.length; k++) {
            left = Math.min(left, mesh.x()[eye[k]]);
            right = Math.max(right, mesh.x()[eye[k]]);
            top = Math.min(top, mesh.y()[eye[k]]);
            bottom = Math.max(bottom, mesh.y()[eye[k]]);
            outline[k] = new Point(turned[0][eye[k]], turned[1][eye[k]]);
        }
        double height = Math.max(2, bottom - top);
        Rect above = clipped(new Rect((int) left, (int) (top - LID_SKIN_ABOVE * height), (int) Math.max(1, right - left),
                (int) Math.max(1, height / 2)), photo);
        if (above.area() == 0) {
            return;
        }
        try (MatScope scope = new MatScope()) {
            Scalar skin = Core.mean(scope.hold(photo.submat(above)));
            Mat lid = scope.hold(frame.clone());
            MatOfPoint polygon = scope.hold(new MatOfPoint(rounded(outline)));
            Imgproc.fillPoly(lid, List.of(polygon), skin, Imgproc.LINE_AA);
            Point[] lowerLid = Arrays.copyOfRange(outline, eye.length / 2, eye.length);
            Scalar lashes = new Scalar(skin.val[0] * 0.45, skin.val[1] * 0.45, skin.val[2] * 0.45);
            Imgproc.polylines(lid, List.of(scope.hold(new MatOfPoint(rounded(lowerLid)))), false, lashes,
                    Math.max(1, (int) Math.round(height / 6)), Imgproc.LINE_AA);
            Core.addWeighted(lid, closed, frame, 1 - closed, 0, frame);
        }
    }

    /** Warps one triangle of the photo to the turned mesh's place in {@code frame}. */
    private void warpTriangle(Mat frame, int[] triangle, double[][] turned) {
        Point[] from = new Point[3];
        Point[] to = new Point[3];
        for (int k = 0; k < 3; k++) {
            from[k] = new Point(mesh.x()[triangle[k]], mesh.y()[triangle[k]]);
            to[k] = new Point(turned[0][triangle[k]], turned[1][triangle[k]]);
        }
        Rect source = clipped(bounds(from), photo);
        Rect target = clipped(bounds(to), frame);
        if (source.area() == 0 || target.area() == 0) {
            return;
        }
        try (MatScope scope = new MatScope()) {
            Point[] fromLocal = shifted(from, source);
            Point[] toLocal = shifted(to, target);
            Mat affine = scope.hold(Imgproc.getAffineTransform(scope.hold(new MatOfPoint2f(fromLocal)),
                    scope.hold(new MatOfPoint2f(toLocal))));
            Mat patch = scope.newMat();
            Imgproc.warpAffine(scope.hold(photo.submat(source)), patch, affine, target.size(), Imgproc.INTER_LINEAR,
                    Core.BORDER_REFLECT_101);
            Mat mask = scope.hold(Mat.zeros(target.size(), CvType.CV_8UC1));
            Imgproc.fillConvexPoly(mask, scope.hold(new MatOfPoint(rounded(toLocal))), new Scalar(255));
            patch.copyTo(scope.hold(frame.submat(target)), mask);
        }
    }

    /** The photo with the face's hull blurred away (sigma: a third of the eyes' distance). */
    private static Mat faceBlurred(Mat photo, FaceLandmarks mesh) {
        try (MatScope scope = new MatScope()) {
            Point[] points = new Point[FaceLandmarks.COUNT];
            for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                points[i] = new Point(mesh.x()[i], mesh.y()[i]);
            }
            MatOfPoint all = scope.hold(new MatOfPoint(rounded(points)));
            MatOfInt hull = scope.hold(new MatOfInt());
            Imgproc.convexHull(all, hull);
            Point[] outline = hull.toList().stream().map(i -> points[i]).toArray(Point[]::new);
            Mat mask = scope.hold(Mat.zeros(photo.size(), CvType.CV_8UC1));
            Imgproc.fillConvexPoly(mask, scope.hold(new MatOfPoint(rounded(outline))), new Scalar(255));
            double sigma = Math.max(2, mesh.interOcular() / 3);
            Mat blurred = scope.newMat();
            Imgproc.GaussianBlur(photo, blurred, new Size(0, 0), sigma);
            Mat backdrop = photo.clone();
            blurred.copyTo(backdrop, mask);
            return backdrop;
        }
    }

    private static double signedArea(double[] x, double[] y, int[] t) {
        return ((x[t[1]] - x[t[0]]) * (y[t[2]] - y[t[0]]) - (x[t[2]] - x[t[0]]) * (y[t[1]] - y[t[0]])) / 2;
    }

    private static Rect bounds(Point[] points) {
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Point p : points) {
            minX = Math.min(minX, p.x);
            minY = Math.min(minY, p.y);
            maxX = Math.max(maxX, p.x);
            maxY = Math.max(maxY, p.y);
        }
        int left = (int) Math.floor(minX), top = (int) Math.floor(minY);
        return new Rect(left, top, (int) Math.ceil(maxX) - left + 1, (int) Math.ceil(maxY) - top + 1);
    }

    private static Rect clipped(Rect rect, Mat image) {
        int left = Math.max(0, rect.x), top = Math.max(0, rect.y);
        int right = Math.min(image.cols(), rect.x + rect.width), bottom = Math.min(image.rows(), rect.y + rect.height);
        return new Rect(left, top, Math.max(0, right - left), Math.max(0, bottom - top));
    }

    private static Point[] shifted(Point[] points, Rect origin) {
        Point[] local = new Point[points.length];
        for (int i = 0; i < points.length; i++) {
            local[i] = new Point(points[i].x - origin.x, points[i].y - origin.y);
        }
        return local;
    }

    private static Point[] rounded(Point[] points) {
        Point[] whole = new Point[points.length];
        for (int i = 0; i < points.length; i++) {
            whole[i] = new Point(Math.round(points[i].x), Math.round(points[i].y));
        }
        return whole;
    }
}
