package dev.likeness.subjects;

import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The unprompted subject's frames: all different, the face found in each, the head seen moving, reproducible by seed. */
class LookingAroundTest {

    @Test
    void everyFrameDiffersTheFaceIsFoundInEachAndItMoves() throws Exception {
        byte[] portrait = Files.readAllBytes(Path.of("../testdata/faces/grace-hopper/frame-01.jpg"));
        try (FaceFinder finder = FaceFinder.withModels()) {
            List<byte[]> frames = LookingAround.frames(portrait, finder, 10, 3, 7);
            assertThat(frames).hasSize(30);
            Set<String> distinct = new HashSet<>();
            frames.forEach(frame -> distinct.add(Arrays.toString(frame)));
            assertThat(distinct).as("no two frames the same: a sensor's noise").hasSize(30);
            List<Double> noseOffsets = new ArrayList<>();
            for (byte[] frame : frames) {
                try (FrameImage image = FrameImage.decode(frame)) {
                    FaceLandmarks mesh = finder.find(image).landmarks().orElseThrow(() -> new AssertionError("a frame without the face"));
                    // The nose tip against the cheeks' midpoint, in IODs: it swings as the head turns.
                    noseOffsets.add((mesh.x()[1] - (mesh.x()[234] + mesh.x()[454]) / 2) / mesh.interOcular());
                }
            }
            double swing = noseOffsets.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                    - noseOffsets.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            System.out.printf("nose tip against the cheeks over 3 s: swings %.3f IOD%n", swing);
            assertThat(swing).as("the head turns").isGreaterThan(0.05);
            assertThat(LookingAround.frames(portrait, finder, 10, 0.3, 7)).as("the same seed, the same frames")
                    .zipSatisfy(frames.subList(0, 3), (a, b) -> assertThat(a).isEqualTo(b));
        }
    }
}
