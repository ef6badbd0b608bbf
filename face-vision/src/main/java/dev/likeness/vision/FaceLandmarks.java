package dev.likeness.vision;

import java.util.Arrays;
import java.util.List;

/**
 * FaceMesh's 468 landmarks of one face, in frame pixels (x, y; z is relative depth in the same
 * scale, larger away from the camera), and the mesh model's confidence that a face is there (0-1).
 * Indices are MediaPipe's canonical face mesh topology.
 */
public record FaceLandmarks(float[] x, float[] y, float[] z, double score) {

    public static final int COUNT = 468;
    /**
     * Twelve landmarks spread over the face and over its depth, for liveness's 3D-structure check:
     * eye corners (right outer, right inner, left inner, left outer), the nose bridge, the nose tip,
     * the mouth's right and left corners, the chin, the right and left cheek contour, the forehead.
     * A head turning moves the nose tip against the cheek contour; a flat picture cannot.
     */
    public static final int[] STRUCTURE = {33, 133, 362, 263, 168, 1, 61, 291, 152, 234, 454, 10};

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

    /** The {@link #STRUCTURE} landmarks, in its order. */
    public List<ImagePoint> structure() {
        return Arrays.stream(STRUCTURE).mapToObj(this::point).toList();
    }

    /** The distance between the outer eye corners, pixels. */
    public double interOcular() {
        return Math.hypot(x[263] - x[33], y[263] - y[33]);
    }

    public ImagePoint point(int index) {
        return new ImagePoint(x[index], y[index]);
    }
}
