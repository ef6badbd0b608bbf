package dev.likeness.cli.engine;

import dev.likeness.subjects.SyntheticLivenessSets;
import dev.likeness.vision.FaceFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * make-liveness-sets and evaluate-liveness on one portrait: the synthetic sets are reported as
 * synthetic, no attack session of any type passes, and the genuine one does.
 */
class LivenessEvaluationTest {

    @Test
    void theSyntheticSetsAreReportedAsSuchNoAttackPassesAndTheSubjectDoes(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        try (FaceFinder finder = FaceFinder.withModels()) {
            SyntheticLivenessSets.write(out, List.of(Path.of("../testdata/faces/eileen-collins/frame-01.jpg")), 1, finder, new Random(5));
            status = new LivenessEvaluation(finder, new PrintStream(printed, true, StandardCharsets.UTF_8), SyntheticLivenessSets.FPS)
                    .run(out.resolve("genuine"), out.resolve("attacks"));
        }
        String report = printed.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertThat(status).isZero();
        assertThat(report).contains("SYNTHETIC sets");
        for (String type : SyntheticLivenessSets.ATTACK_TYPES) {
            assertThat(report).containsPattern("(?m)^  " + type + " +1 +0 +0\\.0 %");
        }
        assertThat(report).contains("APCER, worst attack type").contains("BPCER: 0 of 1 genuine sessions not passed = 0.0 %");
    }
}
