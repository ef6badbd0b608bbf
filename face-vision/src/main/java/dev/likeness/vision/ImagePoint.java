package dev.likeness.vision;

/** A point in pixels of the full decoded frame (x to the right, y down). */
public record ImagePoint(double x, double y) {

    public boolean isFinite() {
        return Double.isFinite(x) && Double.isFinite(y);
    }
}
