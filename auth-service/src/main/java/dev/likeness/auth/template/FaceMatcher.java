package dev.likeness.auth.template;

import dev.likeness.vision.FaceDescriber;

import java.util.List;

/**
 * Decides whether authentication frames show the enrolled person. Each frame's descriptor is
 * compared with every enrolled descriptor (Euclidean distance, the measure the model's operating
 * point is stated in), those distances averaged by the enrolled descriptors' weights; the decision
 * takes the median over the frames, so one bad frame neither makes nor breaks it.
 */
public final class FaceMatcher {

    private final double threshold;

    public FaceMatcher(double threshold) {
        this.threshold = threshold;
    }

    /** The decision distance of {@code probes} (one descriptor per frame) to {@code enrolled}. */
    public double distance(FaceTemplate enrolled, List<float[]> probes) {
        double[] perFrame = probes.stream().mapToDouble(probe -> weightedDistance(enrolled, probe)).sorted().toArray();
        int middle = perFrame.length / 2;
        return perFrame.length % 2 == 1 ? perFrame[middle] : (perFrame[middle - 1] + perFrame[middle]) / 2;
    }

    public boolean sameFace(double distance) {
        return distance < threshold;
    }

    private static double weightedDistance(FaceTemplate enrolled, float[] probe) {
        double sum = 0, weights = 0;
        for (FaceTemplate.Descriptor descriptor : enrolled.descriptors()) {
            sum += descriptor.weight() * FaceDescriber.distance(descriptor.values(), probe);
            weights += descriptor.weight();
        }
        if (!(weights > 0)) {
            throw new IllegalArgumentException("a template without weighted descriptors");
        }
        return sum / weights;
    }

    @Override
    public String toString() {
        return "FaceMatcher[threshold=" + threshold + "]";
    }
}
