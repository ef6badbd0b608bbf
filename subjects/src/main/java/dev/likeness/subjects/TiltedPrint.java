package dev.likeness.subjects;

import dev.likeness.vision.MatScope;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * A presentation attack, synthetic: a portrait printed (or shown on a screen) and held in front of
 * the camera, turned and tilted as an attacker moves it. The picture is a plane: a pinhole camera
 * sees it through one homography, computed here from its corners turned in 3D, in front of a grey
 * wall.
 */
public final class TiltedPrint {

    /** The camera's focal length, in widths of the picture: a webcam's ~60 degree horizontal field. */
    static final double FOCAL_IN_WIDTHS = 0.87;
    /** The wall behind the print. */
    static final Scalar WALL = new Scalar(128, 128, 128);

    private TiltedPrint() {
    }

    /**
     * {@code picture} (BGR) seen turned by {@code yawDegrees} about its vertical axis and
     * {@code pitchDegrees} about its horizontal one, at the distance where it fills the frame when
     * frontal; the caller releases the result.
     */
    public static Mat seen(Mat picture, double yawDegrees, double pitchDegrees) {
        double width = picture.cols(), height = picture.rows();
        double focal = FOCAL_IN_WIDTHS * width;
        double yaw = Math.toRadians(yawDegrees), pitch = Math.toRadians(pitchDegrees);
        Point[] corners = {new Point(0, 0), new Point(width, 0), new Point(width, height), new Point(0, height)};
        Point[] seen = new Point[4];
        for (int i = 0; i < 4; i++) {
            double x = corners[i].x - width / 2, y = corners[i].y - height / 2, z = 0;
            double x1 = x * Math.cos(yaw) - z * Math.sin(yaw);
            double z1 = x * Math.sin(yaw) + z * Math.cos(yaw);
            double y2 = y * Math.cos(pitch) + z1 * Math.sin(pitch);
            double z2 = -y * Math.sin(pitch) + z1 * Math.cos(pitch);
            double depth = focal + z2;
            seen[i] = new Point(focal * x1 / depth + width / 2, focal * y2 / depth + height / 2);
        }
        try (MatScope scope = new MatScope()) {
            Mat homography = scope.hold(Imgproc.getPerspectiveTransform(scope.hold(new MatOfPoint2f(corners)),
                    scope.hold(new MatOfPoint2f(seen))));
            Mat frame = new Mat();
            Imgproc.warpPerspective(picture, frame, homography, picture.size(), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, WALL);
            return frame;
        }
    }
}
