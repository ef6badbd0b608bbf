package dev.likeness.vision;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled public-domain photos (testdata/faces), and webcam-shaped frames made from them. */
final class TestImages {

    static final Path FACES = Path.of("..", "testdata", "faces");

    private TestImages() {
    }

    static FrameImage photo(String name) throws Exception {
        return FrameImage.decode(Files.readAllBytes(FACES.resolve(name)));
    }

    /** A 640x480 frame: the photo scaled to {@code side} pixels and placed at (x, y) on a grey background. */
    static FrameImage webcamFrame(String name, int side, int x, int y) {
        OpenCvRuntime.load();
        Mat photo = Imgcodecs.imread(FACES.resolve(name).toString());
        Mat canvas = new Mat(480, 640, CvType.CV_8UC3, new Scalar(118, 122, 126));
        Mat scaled = new Mat();
        Imgproc.resize(photo, scaled, new Size(side, side * photo.rows() / (double) photo.cols()), 0, 0, Imgproc.INTER_AREA);
        Rect target = new Rect(x, y, Math.min(scaled.cols(), 640 - x), Math.min(scaled.rows(), 480 - y));
        scaled.submat(new Rect(0, 0, target.width, target.height)).copyTo(canvas.submat(target));
        photo.release();
        scaled.release();
        return FrameImage.of(canvas);
    }
}
