package dev.likeness.vision;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * One decoded frame: the colour image and its grey version, both owned by this object.
 * Callers release it when done, since OpenCV's native memory is not collected with the heap.
 */
public final class FrameImage implements AutoCloseable {

    /** Frames larger than this many pixels a side are refused before OpenCV allocates them. */
    public static final int MAX_SIDE = 4096;

    private final Mat colour;
    private final Mat grey;

    private FrameImage(Mat colour) {
        this.colour = colour;
        this.grey = new Mat();
        Imgproc.cvtColor(colour, grey, Imgproc.COLOR_BGR2GRAY);
    }

    /** Decodes a JPEG (or PNG) held in memory; nothing touches the disk. */
    public static FrameImage decode(byte[] encoded) throws UndecodableImageException {
        OpenCvRuntime.load();
        if (encoded.length == 0) {
            throw new UndecodableImageException("empty image");
        }
        MatOfByte buffer = new MatOfByte(encoded);
        try {
            Mat colour;
            try {
                colour = Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_COLOR);
            } catch (org.opencv.core.CvException e) {
                throw new UndecodableImageException("not a decodable image");
            }
            if (colour.empty()) {
                colour.release();
                throw new UndecodableImageException("not a decodable image");
            }
            if (colour.cols() > MAX_SIDE || colour.rows() > MAX_SIDE) {
                colour.release();
                throw new UndecodableImageException("image larger than " + MAX_SIDE + " pixels a side");
            }
            return new FrameImage(colour);
        } finally {
            buffer.release();
        }
    }

    /** Wraps an image the caller built; takes ownership of it. */
    public static FrameImage of(Mat colourBgr) {
        OpenCvRuntime.load();
        if (colourBgr.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("expected an 8-bit BGR image");
        }
        return new FrameImage(colourBgr);
    }

    public Mat colour() {
        return colour;
    }

    public Mat grey() {
        return grey;
    }

    public int width() {
        return colour.cols();
    }

    public int height() {
        return colour.rows();
    }

    @Override
    public void close() {
        colour.release();
        grey.release();
    }
}
