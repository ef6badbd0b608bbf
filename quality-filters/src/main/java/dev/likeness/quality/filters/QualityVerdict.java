package dev.likeness.quality.filters;

import dev.likeness.vision.FaceFinder;

import java.util.EnumSet;
import java.util.Set;

/** Which filters objected to one frame (accepted when none did), and the faces found in it. */
public record QualityVerdict(Set<QualityFilter> triggered, FaceFinder.Finding finding) {

    public QualityVerdict {
        triggered = triggered.isEmpty() ? EnumSet.noneOf(QualityFilter.class) : EnumSet.copyOf(triggered);
    }

    public boolean accepted() {
        return triggered.isEmpty();
    }
}
