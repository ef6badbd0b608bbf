package dev.likeness.auth.template;

import dev.likeness.vision.FaceDetector;
import dev.likeness.vision.FrameImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in model on real photos: one person's two photos match, two people do not. */
class LbpHistogramExtractorTest {

    static final Path FACES = Path.of("..", "testdata", "faces");
    static LbpHistogramExtractor extractor;

    @BeforeAll
    static void load() {
        extractor = new LbpHistogramExtractor(FaceDetector.withBundledCascade());
    }

    static List<FaceTemplate> templatesOf(String folder) throws Exception {
        List<FaceTemplate> templates = new ArrayList<>();
        try (Stream<Path> files = Files.list(FACES.resolve(folder)).sorted()) {
            for (Path file : files.toList()) {
                try (FrameImage frame = FrameImage.decode(Files.readAllBytes(file))) {
                    templates.add(extractor.extract(frame).orElseThrow());
                }
            }
        }
        return templates;
    }

    @Test
    void samePersonMatchesAndAnotherPersonDoesNot() throws Exception {
        FaceTemplate enrolled = FaceTemplate.mean(templatesOf("grace-hopper"));
        double samePerson = extractor.distance(enrolled, templatesOf("grace-hopper-second-photo").get(0));
        double otherPerson = extractor.distance(enrolled, templatesOf("eileen-collins").get(0));
        System.out.printf("LBP distance: same person %.3f, other person %.3f, threshold %.3f%n",
                samePerson, otherPerson, extractor.sameFaceThreshold());

        assertThat(samePerson).isLessThan(extractor.sameFaceThreshold());
        assertThat(otherPerson).isGreaterThan(extractor.sameFaceThreshold());
    }

    @Test
    void aFrameWithoutAFaceHasNoTemplate() throws IOException, Exception {
        try (FrameImage frame = FrameImage.decode(Files.readAllBytes(FACES.resolve("no-face/frame-01.jpg")))) {
            assertThat(extractor.extract(frame)).isEmpty();
        }
    }

    @Test
    void templatesSurviveSerialisationAndNeverPrintTheirValues() throws Exception {
        FaceTemplate template = templatesOf("eileen-collins").get(0);
        assertThat(FaceTemplate.fromBytes(template.toBytes())).isEqualTo(template);
        assertThat(extractor.distance(template, template)).isZero();
        assertThat(template.toString()).doesNotContain("0.");
    }
}
