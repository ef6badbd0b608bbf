package dev.likeness.subjects;

import dev.likeness.vision.MatScope;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/** A rendered frame as a webcam delivers it: with a real sensor's temporal noise, JPEG-encoded. */
final class CameraFrames {

    /** A webcam's temporal noise at indoor light, grey levels (standard deviation). */
    static final double SENSOR_NOISE = 2;

    private CameraFrames() {
    }

    /** {@code frame} (kept by the caller) with fresh Gaussian noise from OpenCV's generator of the calling thread, as JPEG. */
    static byte[] jpeg(Mat frame) {
        try (MatScope scope = new MatScope()) {
            Mat noise = scope.hold(new Mat(frame.size(), CvType.CV_16SC3));
            Core.randn(noise, 0, SENSOR_NOISE);
            Mat noisy = scope.newMat();
            Core.add(frame, noise, noisy, scope.newMat(), CvType.CV_8UC3);
            MatOfByte jpeg = scope.hold(new MatOfByte());
            Imgcodecs.imencode(".jpg", noisy, jpeg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 92));
            return jpeg.toArray();
        }
    }
}
