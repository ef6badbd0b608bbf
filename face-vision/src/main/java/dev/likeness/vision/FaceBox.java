package dev.likeness.vision;

/** A detected face's bounding box, in pixels of the full-size frame. */
public record FaceBox(int x, int y, int width, int height) {

    public int area() {
        return width * height;
    }

    public org.opencv.core.Rect toRect() {
        return new org.opencv.core.Rect(x, y, width, height);
    }
}
