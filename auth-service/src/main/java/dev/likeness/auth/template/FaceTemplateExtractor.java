package dev.likeness.auth.template;

import dev.likeness.vision.FrameImage;

import java.util.Optional;

/**
 * Turns a frame into a face template and compares templates. The seam for face models: the
 * built-in one is {@link LbpHistogramExtractor}; an operator-provided ONNX model (e.g. SFace via
 * OpenCV's FaceRecognizerSF) plugs in here.
 */
public interface FaceTemplateExtractor {

    /** The template of the frame's largest face, or empty when the frame has no usable face. */
    Optional<FaceTemplate> extract(FrameImage frame);

    /** Dissimilarity of two templates of this extractor: 0 for identical, larger for less alike. */
    double distance(FaceTemplate a, FaceTemplate b);

    /** Distances below this mean the same person. */
    double sameFaceThreshold();
}
