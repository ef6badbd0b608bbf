package dev.likeness.vision;

/**
 * FaceMesh's 468 landmarks of one face, in frame pixels (x, y; z is relative depth in the same
 * scale, larger away from the camera), and the mesh model's confidence that a face is there (0-1).
 * Indices are MediaPipe's canonical face mesh topology.
 */
public record FaceLandmarks(float[] x, float[] y, float[] z, double score) {

    public static final int COUNT = 468;
    /** The outer corners of the subject's right and left eye: the inter-ocular distance is theirs. */
    public static final int RIGHT_EYE_OUTER = 33, LEFT_EYE_OUTER = 263;

    public FaceLandmarks {
        if (x.length != COUNT || y.length != COUNT || z.length != COUNT) {
            throw new IllegalArgumentException("a face mesh has " + COUNT + " landmarks");
        }
    }

    /**
     * The head's tilt: the angle of the line from the right eye's centre to the left eye's (corner midpoints), radians, clockwise in
     * the image.
     */
    public double roll() {
        double rightX = (x[33] + x[133]) / 2.0, rightY = (y[33] + y[133]) / 2.0;
        double leftX = (x[362] + x[263]) / 2.0, leftY = (y[362] + y[263]) / 2.0;
        return Math.atan2(leftY - rightY, leftX - rightX);
    }

    /** The distance between the outer eye corners, pixels. */
    public double interOcular() {
        return Math.hypot(x[LEFT_EYE_OUTER] - x[RIGHT_EYE_OUTER], y[LEFT_EYE_OUTER] - y[RIGHT_EYE_OUTER]);
    }

    public ImagePoint point(int index) {
        return new ImagePoint(x[index], y[index]);
    }
}
