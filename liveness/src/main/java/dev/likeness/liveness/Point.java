package dev.likeness.liveness;

/** A landmark in frame pixels (x to the right, y down). */
public record Point(double x, double y) {
}
