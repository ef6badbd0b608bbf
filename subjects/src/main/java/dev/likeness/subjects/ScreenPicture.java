package dev.likeness.subjects;

import dev.likeness.vision.MatScope;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A photo as a display shows it to a camera close by: its resolution a third of the photo's, each
 * display pixel a 3 x 3 block whose last row and column are the dark gap between pixels (at 40 %),
 * and a little brighter, as a backlit screen is. Synthetic: an approximation of a screen's grid,
 * not a model of any display.
 */
final class ScreenPicture {

    /** Photo pixels per display pixel, each way. */
    static final int PITCH = 3;
    /** Brightness of the gap between display pixels. */
    static final double GAP = 0.4;
    static final double BACKLIGHT = 1.1;

    private ScreenPicture() {
    }

    /** The screen picture of {@code photo} (BGR), the same size; the caller releases it (and {@code photo}, which it takes). */
    static Mat of(Mat photo) {
        try (MatScope scope = new MatScope()) {
            scope.hold(photo);
            Mat small = scope.newMat();
            Imgproc.resize(photo, small, new Size(Math.max(1, photo.cols() / PITCH), Math.max(1, photo.rows() / PITCH)), 0, 0,
                    Imgproc.INTER_AREA);
            Mat blocks = scope.newMat();
            Imgproc.resize(small, blocks, new Size(small.cols() * PITCH, small.rows() * PITCH), 0, 0, Imgproc.INTER_NEAREST);
            Mat grid = scope.hold(new Mat(blocks.size(), CvType.CV_32FC3, new Scalar(BACKLIGHT, BACKLIGHT, BACKLIGHT)));
            for (int row = PITCH - 1; row < grid.rows(); row += PITCH) {
                grid.row(row).setTo(new Scalar(GAP, GAP, GAP));
            }
            for (int col = PITCH - 1; col < grid.cols(); col += PITCH) {
                grid.col(col).setTo(new Scalar(GAP, GAP, GAP));
            }
            Mat lit = scope.newMat();
            blocks.convertTo(lit, CvType.CV_32FC3);
            Core.multiply(lit, grid, lit);
            Mat screen = new Mat();
            lit.convertTo(screen, CvType.CV_8UC3);
            Mat sized = new Mat();
            Imgproc.resize(screen, sized, photo.size(), 0, 0, Imgproc.INTER_NEAREST);
            screen.release();
            return sized;
        }
    }
}
