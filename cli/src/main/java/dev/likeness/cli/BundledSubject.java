package dev.likeness.cli;

import dev.likeness.subjects.PoseFrames;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.WarmUpPortrait;

/**
 * The simulated live subject of the portrait bundled with the face engine: what `up`'s probe and
 * `smoke` put in front of the camera. Its poses are rendered once; the caller closes it.
 */
final class BundledSubject {

    private BundledSubject() {
    }

    static PoseFrames render() throws Exception {
        try (FaceFinder finder = FaceFinder.withModels()) {
            return PoseFrames.of(WarmUpPortrait.jpeg(), finder, 1);
        }
    }
}
