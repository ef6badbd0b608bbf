package dev.likeness.vision;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

/**
 * The image resampling the models were run with in TensorFlow.js, done with one OpenCV affine warp
 * each, so the Java path feeds the networks what the JavaScript reference feeds them:
 * {@code tf.image.resizeBilinear} (no corner alignment, no half-pixel centres) and
 * {@code tf.image.cropAndResize} (bilinear, zero outside the image).
 */
final class ImageSampling {

    /** Bilinear, the map taking destination pixels to source pixels (as TensorFlow.js samples). */
    private static final int SAMPLED_BY_DESTINATION = Imgproc.INTER_LINEAR | Imgproc.WARP_INVERSE_MAP;

    private ImageSampling() {
    }

    /** The whole image stretched to {@code width} x {@code height}, as tf.image.resizeBilinear does. */
    static Mat resize(Mat image, int width, int height) {
        double[] scale = affine((double) image.cols() / width, 0, (double) image.rows() / height, 0);
        return warp(image, scale, SAMPLED_BY_DESTINATION, width, height, Core.BORDER_REPLICATE);
    }

    /** The box (frame pixels, corners) resampled to a {@code side} x {@code side} crop, as tf.image.cropAndResize does. */
    static Mat cropAndResize(Mat image, double x1, double y1, double x2, double y2, int side) {
        // cropAndResize takes the box normalised by the image size, and samples from 0 to size-1.
        double sx = (image.cols() - 1) / (double) image.cols();
        double sy = (image.rows() - 1) / (double) image.rows();
        double[] map = affine((x2 - x1) * sx / (side - 1), x1 * sx, (y2 - y1) * sy / (side - 1), y1 * sy);
        return warp(image, map, SAMPLED_BY_DESTINATION, side, side, Core.BORDER_CONSTANT);
    }

    /**
     * A {@code side} x {@code side} crop of the square of {@code width} pixels centred on (centerX,
     * centerY) and turned by {@code angle} radians (clockwise in the image), so a tilted face comes
     * out upright: destination (u, v) samples centre + R(angle) * ((u, v) - side/2) * width/side.
     */
    static Mat turnedCrop(Mat image, double centerX, double centerY, double width, double angle, int side) {
        double s = width / side, cos = Math.cos(angle) * s, sin = Math.sin(angle) * s, half = side / 2.0;
        double[] map = {cos, -sin, centerX - half * cos + half * sin, sin, cos, centerY - half * sin - half * cos};
        return warp(image, map, SAMPLED_BY_DESTINATION, side, side, Core.BORDER_CONSTANT);
    }

    /** An NCHW float RGB blob of a BGR image: {@code (pixel - mean) * scale}; the caller holds it. */
    static Mat blob(Mat bgr, double scale, double mean) {
        return Dnn.blobFromImage(bgr, scale, new Size(), new Scalar(mean, mean, mean), true, false);
    }

    /** Destination pixel (u, v) samples source (scaleX * u + offsetX, scaleY * v + offsetY). */
    private static double[] affine(double scaleX, double offsetX, double scaleY, double offsetY) {
        return new double[]{scaleX, 0, offsetX, 0, scaleY, offsetY};
    }

    /**
     * {@code image} resampled to {@code width} x {@code height} through the 2x3 affine map given row
     * by row, with OpenCV's warp {@code flags}; outside the image, {@code border}, zero where that
     * is constant. The caller holds the result.
     */
    static Mat warp(Mat image, double[] affineMap, int flags, int width, int height, int border) {
        try (MatScope scope = new MatScope()) {
            Mat map = scope.hold(new Mat(2, 3, CvType.CV_64F));
            map.put(0, 0, affineMap);
            Mat out = new Mat();
            Imgproc.warpAffine(image, out, map, new Size(width, height), flags, border, Scalar.all(0));
            return out;
        }
    }
}
