package dev.likeness.vision;

import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.lang.ref.Reference;

/**
 * One decoded frame: the colour image and its grey version, both owned by this object.
 * Callers close it when done (try-with-resources), since OpenCV's native memory is not collected
 * with the heap; until then it keeps both matrices reachable for OpenCV calls (see {@link MatScope}).
 */
public final class FrameImage implements AutoCloseable {

    /** Frames larger than this many pixels a side are refused before OpenCV allocates them. */
    public static final int MAX_SIDE = 4096;
    /** The default most pixels a frame may declare: 8 Mi, a 4K UHD frame (3840 x 2160) and below. */
    public static final long DEFAULT_MAX_PIXELS = 8L * 1024 * 1024;

    private final Mat colour;
    private final Mat grey;

    private FrameImage(Mat colour) {
        this.colour = colour;
        this.grey = new Mat();
        Imgproc.cvtColor(colour, grey, Imgproc.COLOR_BGR2GRAY);
    }

    /** Decodes a JPEG or PNG held in memory, of at most {@link #DEFAULT_MAX_PIXELS}; nothing touches the disk. */
    public static FrameImage decode(byte[] encoded) throws UndecodableImageException {
        return decode(encoded, DEFAULT_MAX_PIXELS);
    }

    /**
     * Decodes a JPEG or PNG held in memory. Its header is read first ({@link ImageHeader}): any
     * other format is undecodable, and a declared size over {@code maxPixels} (or over
     * {@link #MAX_SIDE} a side) is refused with {@link ImageTooLargeException} before OpenCV
     * allocates anything. The decoded image has the declared size (checked).
     */
    public static FrameImage decode(byte[] encoded, long maxPixels) throws UndecodableImageException {
        OpenCvRuntime.load();
        if (encoded.length == 0) {
            throw new UndecodableImageException("empty image");
        }
        ImageHeader header = ImageHeader.read(encoded);
        if (header.width() > MAX_SIDE || header.height() > MAX_SIDE || header.pixels() > maxPixels) {
            throw new ImageTooLargeException("image of " + header.width() + " x " + header.height() + " pixels; at most "
                    + maxPixels + " pixels and " + MAX_SIDE + " a side");
        }
        try (MatScope scope = new MatScope()) {
            MatOfByte buffer = scope.hold(new MatOfByte(encoded));
            Mat colour;
            try {
                colour = Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_COLOR);
            } catch (CvException e) {
                throw new UndecodableImageException("not a decodable image");
            }
            if (colour.empty()) {
                scope.hold(colour);
                throw new UndecodableImageException("not a decodable image");
            }
            // The decoder sizes the image from the same header (turned, for an EXIF orientation):
            // the bound checked above holds; anything else is a decoder we do not understand.
            if ((long) colour.cols() * colour.rows() != header.pixels()) {
                scope.hold(colour);
                throw new UndecodableImageException("image size differs from its header's");
            }
            return new FrameImage(colour);
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
        // grey's release is a native call on a Mat only this object refers to.
        Reference.reachabilityFence(this);
    }
}
