package dev.likeness.system;

import dev.likeness.vision.OpenCvRuntime;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Webcam-shaped fake-camera files for Chromium: a test photo scaled to the frame's height and
 * padded out to 4:3 or 16:9 (its edges stretched outwards, as a room behind a sitter would be),
 * JPEG-encoded and repeated as MJPEG. OpenCV's encoder writes baseline JPEG with the standard
 * Huffman tables and 4:2:0 chroma, which Chromium's fake camera decodes; optimised tables show
 * as black frames there.
 */
final class WebcamFrames {

    private WebcamFrames() {
    }

    /** Writes {@code <photo folder>-<width>x<height>.mjpeg} into {@code folder}; returns its path. */
    static Path write(Path photo, int width, int height, Path folder) throws IOException {
        OpenCvRuntime.load();
        Path file = folder.resolve(photo.getParent().getFileName() + "-" + width + "x" + height + ".mjpeg");
        Mat source = Imgcodecs.imread(photo.toString(), Imgcodecs.IMREAD_COLOR);
        if (source.empty()) {
            throw new IOException("not an image: " + photo);
        }
        Mat scaled = new Mat();
        int scaledWidth = (int) Math.round(source.cols() * (double) height / source.rows());
        Imgproc.resize(source, scaled, new Size(Math.min(width, scaledWidth), height), 0, 0, Imgproc.INTER_AREA);
        Mat frame = new Mat();
        int left = (width - scaled.cols()) / 2;
        Core.copyMakeBorder(scaled, frame, 0, 0, left, width - scaled.cols() - left, Core.BORDER_REPLICATE);
        MatOfByte jpeg = new MatOfByte();
        Imgcodecs.imencode(".jpg", frame, jpeg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90, Imgcodecs.IMWRITE_JPEG_OPTIMIZE, 0));
        byte[] bytes = jpeg.toArray();
        Files.createDirectories(folder);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 10; i++) {
                out.write(bytes);
            }
        }
        return file;
    }
}
