package dev.likeness.quality.processor;

import dev.likeness.proto.v1.FaceGeometry;
import dev.likeness.proto.v1.Point;
import dev.likeness.vision.DetectedFace;
import dev.likeness.vision.FaceAligner;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.ImagePoint;

/** The face found in an accepted frame, as the proto record auth-service aligns on. */
final class FaceGeometries {

    private FaceGeometries() {
    }

    static FaceGeometry of(DetectedFace face, FaceLandmarks landmarks) {
        FaceGeometry.Builder geometry = FaceGeometry.newBuilder()
                .setX((float) face.box().x()).setY((float) face.box().y())
                .setWidth((float) face.box().width()).setHeight((float) face.box().height())
                .setDetectionScore((float) face.score()).setLandmarkScore((float) landmarks.score());
        face.keypoints().forEach(p -> geometry.addKeypoints(point(p)));
        FaceAligner.alignmentPoints(landmarks).forEach(p -> geometry.addAlignmentPoints(point(p)));
        return geometry.build();
    }

    private static Point point(ImagePoint p) {
        return Point.newBuilder().setX((float) p.x()).setY((float) p.y()).build();
    }
}
