package dev.likeness.vision;

/**
 * An image's format and size as its header declares them, read from the bytes without decoding:
 * the guard against decompression bombs. A JPEG of a few kilobytes can declare 60000 x 60000
 * pixels, and OpenCV would try to allocate them (10 GB) before finding out anything else; so the
 * size is checked here first. Only JPEG and PNG are accepted (what cameras and canvases give):
 * OpenCV decodes many more formats, each a parser an attacker could aim at.
 */
public record ImageHeader(Format format, int width, int height) {

    public enum Format { JPEG, PNG }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    public long pixels() {
        return (long) width * height;
    }

    /** Reads the header; an unknown format, or a header cut short or without a size, is undecodable. */
    public static ImageHeader read(byte[] image) throws UndecodableImageException {
        if (image.length >= 2 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8) {
            return jpeg(image);
        }
        if (startsWith(image, PNG_SIGNATURE)) {
            return png(image);
        }
        throw new UndecodableImageException("not a JPEG or PNG image");
    }

    /**
     * Walks the JPEG's marker segments up to the first start-of-frame (SOF0-SOF15 but DHT, JPG
     * and DAC), whose body holds precision, height and width.
     */
    private static ImageHeader jpeg(byte[] image) throws UndecodableImageException {
        int at = 2;
        while (at + 4 <= image.length) {
            if ((image[at] & 0xFF) != 0xFF) {
                throw new UndecodableImageException("JPEG marker expected at byte " + at);
            }
            int marker = image[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2; // a marker without a segment
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                break; // end of image, or scan data, before any frame header
            }
            int length = ((image[at + 2] & 0xFF) << 8) | (image[at + 3] & 0xFF);
            if (length < 2) {
                throw new UndecodableImageException("JPEG segment of length " + length);
            }
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (at + 9 > image.length) {
                    break;
                }
                int height = ((image[at + 5] & 0xFF) << 8) | (image[at + 6] & 0xFF);
                int width = ((image[at + 7] & 0xFF) << 8) | (image[at + 8] & 0xFF);
                if (width == 0 || height == 0) {
                    throw new UndecodableImageException("JPEG without a declared size");
                }
                return new ImageHeader(Format.JPEG, width, height);
            }
            at += 2 + length;
        }
        throw new UndecodableImageException("JPEG without a frame header");
    }

    /** The IHDR chunk, which PNG requires first: width and height as 4-byte big-endian integers. */
    private static ImageHeader png(byte[] image) throws UndecodableImageException {
        if (image.length < 24 || image[12] != 'I' || image[13] != 'H' || image[14] != 'D' || image[15] != 'R') {
            throw new UndecodableImageException("PNG without its IHDR chunk");
        }
        long width = readUnsignedInt(image, 16);
        long height = readUnsignedInt(image, 20);
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new UndecodableImageException("PNG with an impossible size");
        }
        return new ImageHeader(Format.PNG, (int) width, (int) height);
    }

    private static long readUnsignedInt(byte[] bytes, int at) {
        return ((long) (bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
