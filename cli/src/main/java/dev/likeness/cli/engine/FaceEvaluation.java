package dev.likeness.cli.engine;

import dev.likeness.vision.FaceAligner;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.MatScope;
import dev.likeness.vision.UndecodableImageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./likeness evaluate --faces DIR}: how the face engine separates people on an operator's
 * own photos, one sub-folder per person. Each photo goes the services' way (BlazeFace, FaceMesh,
 * alignment, descriptor); every same-person pair is a genuine comparison and every cross-person
 * pair an impostor one. Prints both distance distributions and the false-accept and false-reject
 * rates at the threshold and around it, so the threshold can be chosen for this population.
 */
public final class FaceEvaluation {

    private static final List<String> IMAGE_SUFFIXES = List.of(".jpg", ".jpeg", ".png");

    private final FaceFinder finder;
    private final FaceDescriber describer;
    private final PrintStream out;

    public FaceEvaluation(FaceFinder finder, FaceDescriber describer, PrintStream out) {
        this.finder = finder;
        this.describer = describer;
        this.out = out;
    }

    private record Described(String person, String photo, float[] descriptor) {
    }

    /** Summary of one set of distances. */
    record Distances(double[] sorted) {
        static Distances of(List<Double> values) {
            return new Distances(values.stream().mapToDouble(Double::doubleValue).sorted().toArray());
        }

        /** Fraction of distances below {@code threshold}. */
        double below(double threshold) {
            return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).filter(d -> d < threshold).count() / (double) sorted.length;
        }

        String summary() {
            if (sorted.length == 0) {
                return "none";
            }
            return String.format(Locale.ROOT, "%d pairs, min %.3f, median %.3f, mean %.3f, max %.3f", sorted.length, sorted[0],
                    sorted[sorted.length / 2], Arrays.stream(sorted).average().orElseThrow(), sorted[sorted.length - 1]);
        }
    }

    /** Evaluates the photos under {@code root} at {@code threshold}; 0 when there was something to compare. */
    public int run(Path root, double threshold) throws IOException {
        List<Described> described = describeAll(root);
        List<Double> genuine = new ArrayList<>();
        List<Double> impostor = new ArrayList<>();
        for (int i = 0; i < described.size(); i++) {
            for (int j = i + 1; j < described.size(); j++) {
                double d = FaceDescriber.distance(described.get(i).descriptor(), described.get(j).descriptor());
                (described.get(i).person().equals(described.get(j).person()) ? genuine : impostor).add(d);
            }
        }
        Distances same = Distances.of(genuine);
        Distances other = Distances.of(impostor);
        out.printf("genuine  (same person):      %s%n", same.summary());
        out.printf("impostor (different people): %s%n", other.summary());
        out.printf("%n  threshold   false accepts (impostor < t)   false rejects (genuine >= t)%n");
        for (double t : new double[]{threshold - 0.1, threshold - 0.05, threshold, threshold + 0.05}) {
            out.printf(Locale.ROOT, "  %.2f%s      %s                          %s%n", t, t == threshold ? " *" : "  ",
                    rate(other.below(t), other.sorted().length), rate(1 - same.below(t), same.sorted().length));
        }
        out.printf("  * the configured threshold (likeness.auth.match-threshold); the model's published operating point is %.2f%n",
                FaceDescriber.PUBLISHED_THRESHOLD);
        return genuine.isEmpty() && impostor.isEmpty() ? 1 : 0;
    }

    private static String rate(double fraction, int of) {
        return of == 0 ? "   n/a" : String.format(Locale.ROOT, "%6.2f %%", 100 * fraction);
    }

    private List<Described> describeAll(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a folder (expected one sub-folder per person)");
        }
        List<Path> people;
        try (Stream<Path> children = Files.list(root)) {
            people = children.filter(Files::isDirectory).sorted().toList();
        }
        List<Described> described = new ArrayList<>();
        int photos = 0;
        for (Path person : people) {
            List<Path> images;
            try (Stream<Path> files = Files.list(person)) {
                images = files.filter(f -> IMAGE_SUFFIXES.stream().anyMatch(f.getFileName().toString().toLowerCase(Locale.ROOT)::endsWith))
                        .sorted().toList();
            }
            for (Path image : images) {
                photos++;
                Optional<float[]> descriptor = describe(image);
                if (descriptor.isPresent()) {
                    described.add(new Described(person.getFileName().toString(), image.getFileName().toString(), descriptor.get()));
                } else {
                    out.printf("  skipped %s: no face with landmarks found%n", root.relativize(image));
                }
            }
        }
        out.printf("%d people, %d photos, %d with a usable face%n", people.size(), photos, described.size());
        return described;
    }

    private Optional<float[]> describe(Path image) throws IOException {
        try (FrameImage frame = FrameImage.decode(Files.readAllBytes(image))) {
            FaceFinder.Finding finding = finder.find(frame);
            if (finding.landmarks().isEmpty()) {
                return Optional.empty();
            }
            try (MatScope scope = new MatScope()) {
                return FaceAligner.chip(frame,
                        FaceAligner.alignmentPoints(finding.landmarks().get())).map(scope::hold).map(describer::describe);
            }
        } catch (UndecodableImageException e) {
            out.printf("  skipped %s: %s%n", image.getFileName(), e.getMessage());
            return Optional.empty();
        }
    }
}
