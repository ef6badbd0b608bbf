package dev.likeness.quality.domain;

import java.util.EnumSet;
import java.util.Set;

/** Which filters objected to one frame; the frame is accepted when none did. */
public record QualityVerdict(Set<QualityFilter> triggered) {

    public QualityVerdict {
        triggered = triggered.isEmpty() ? EnumSet.noneOf(QualityFilter.class) : EnumSet.copyOf(triggered);
    }

    public boolean accepted() {
        return triggered.isEmpty();
    }
}
