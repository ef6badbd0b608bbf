package dev.likeness.quality.filters;

import dev.likeness.vision.FaceBox;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.MatScope;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The photometric measures of a frame the filters judge: brightness, clipping, sharpness, colour.
 * Every Mat they make is held by a {@link MatScope} until the measure is read (why: see there).
 */
final class ImageMeasures {

    /** The face crop is resampled to this width before the sharpness measure, so it does not depend on the face's size. */
    static final int SHARPNESS_SIDE = 128;

    /** Colour is judged on the frame shrunk to this many pixels on its longer side: a mean needs no detail, and it costs a tenth. */
    static final int CHROMA_SIDE = 160;

    private ImageMeasures() {
    }

    /** Mean grey level of the whole frame, 0-255. */
    static double meanBrightness(FrameImage frame) {
        return Core.mean(frame.grey()).val[0];
    }

    /** The fraction of the face box's pixels that are clipped white (grey >= 250). */
    static double clippedFraction(FrameImage frame, FaceBox face) {
        try (MatScope scope = new MatScope()) {
            Mat region = scope.hold(frame.grey().submat(inside(face, frame)));
            Mat clipped = scope.newMat();
            Imgproc.threshold(region, clipped, 249, 1, Imgproc.THRESH_BINARY);
            return Core.mean(clipped).val[0];
        }
    }

    /** Variance of the Laplacian of the face, at {@link #SHARPNESS_SIDE} px wide: low for a blurred face. */
    static double sharpness(FrameImage frame, FaceBox face) {
        Rect box = inside(face, frame);
        try (MatScope scope = new MatScope()) {
            Mat region = scope.hold(frame.grey().submat(box));
            Mat scaled = scope.newMat();
            Imgproc.resize(region, scaled, new Size(SHARPNESS_SIDE, Math.max(1, SHARPNESS_SIDE * box.height / box.width)),
                    0, 0, Imgproc.INTER_AREA);
            Mat laplacian = scope.newMat();
            Imgproc.Laplacian(scaled, laplacian, CvType.CV_64F);
            MatOfDouble mean = scope.hold(new MatOfDouble()), deviation = scope.hold(new MatOfDouble());
            Core.meanStdDev(laplacian, mean, deviation);
            double sd = deviation.get(0, 0)[0];
            return sd * sd;
        }
    }

    /**
     * Mean distance of the pixels' chroma from grey: |Cr - 128| + |Cb - 128| averaged over the frame.
     * A black-and-white camera or a print of one gives ~0 (JPEG leaves a unit or so); a colour camera
     * looking at a person gives several units at least.
     */
    static double chroma(FrameImage frame) {
        double scale = Math.min(1.0, (double) CHROMA_SIDE / Math.max(frame.width(), frame.height()));
        try (MatScope scope = new MatScope()) {
            Mat small = scope.newMat();
            Imgproc.resize(frame.colour(), small, new Size(Math.max(1, Math.round(frame.width() * scale)),
                    Math.max(1, Math.round(frame.height() * scale))), 0, 0, Imgproc.INTER_AREA);
            Mat ycrcb = scope.newMat();
            Imgproc.cvtColor(small, ycrcb, Imgproc.COLOR_BGR2YCrCb);
            Mat deviation = scope.newMat();
            Core.absdiff(ycrcb, new Scalar(0, 128, 128), deviation);
            Scalar mean = Core.mean(deviation);
            return mean.val[1] + mean.val[2];
        }
    }

    /** The box clipped to the frame, at least a pixel. */
    static Rect inside(FaceBox face, FrameImage frame) {
        int x = (int) Math.max(0, Math.min(frame.width() - 1, Math.floor(face.x())));
        int y = (int) Math.max(0, Math.min(frame.height() - 1, Math.floor(face.y())));
        int right = (int) Math.max(x + 1, Math.min(frame.width(), Math.ceil(face.x() + face.width())));
        int bottom = (int) Math.max(y + 1, Math.min(frame.height(), Math.ceil(face.y() + face.height())));
        return new Rect(x, y, right - x, bottom - y);
    }
}
