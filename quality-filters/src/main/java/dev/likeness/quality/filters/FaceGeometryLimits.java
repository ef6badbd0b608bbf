package dev.likeness.quality.filters;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Where a face must be in a frame: the limits the browser's client filters use too, declared once
 * in the proto module ({@code face-geometry-limits.json}) so client guidance predicts the server's
 * verdict. Widths are of BlazeFace's face box.
 *
 * @param minFaceWidthOfShorterSide a smaller face is too far away (a head-and-shoulders webcam shot is 30-50%)
 * @param minFaceWidthPx            ...and so is one narrower than this: the descriptor's chip is 150 px
 * @param maxFaceWidthOfShorterSide a wider face is cut off or distorted
 * @param edgeMarginPx              the face box must stay this far inside the frame
 * @param maxOffCenterOfWidth       how far the box's centre may be from the frame's, as a fraction of its width
 * @param maxOffCenterOfHeight      ...and of its height
 */
public record FaceGeometryLimits(double minFaceWidthOfShorterSide, double minFaceWidthPx, double maxFaceWidthOfShorterSide,
                                 double edgeMarginPx, double maxOffCenterOfWidth, double maxOffCenterOfHeight) {

    static final String RESOURCE = "/dev/likeness/proto/face-geometry-limits.json";

    /** The declared limits, from the proto jar. */
    public static FaceGeometryLimits declared() {
        try (InputStream in = FaceGeometryLimits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath (proto jar)");
            }
            return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .configure(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, true)
                    .readValue(in, FaceGeometryLimits.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
