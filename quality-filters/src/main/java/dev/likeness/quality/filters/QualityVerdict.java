package dev.likeness.quality.filters;

import dev.likeness.vision.FaceFinder;

import java.util.EnumSet;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Which filters objected to one frame (accepted when none did), the faces found in it, and the
 * eyes' mean aspect ratio when the eye model ran (on a frame nothing else refused).
 */
public record QualityVerdict(Set<QualityFilter> triggered, FaceFinder.Finding finding, OptionalDouble eyeAspectRatio) {

    public QualityVerdict {
        triggered = triggered.isEmpty() ? EnumSet.noneOf(QualityFilter.class) : EnumSet.copyOf(triggered);
    }

    public boolean accepted() {
        return triggered.isEmpty();
    }
}
