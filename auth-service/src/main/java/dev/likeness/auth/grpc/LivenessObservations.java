package dev.likeness.auth.grpc;

import dev.likeness.liveness.Point;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.v1.AuthenticationFrame;
import dev.likeness.proto.v1.LivenessMeasures;
import dev.likeness.vision.FaceLandmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** What quality-service measured of a frame, as the liveness checks read it. */
final class LivenessObservations {

    private LivenessObservations() {
    }

    /** The frame's observation; none when it carries no measures (a whole mesh) or an eye distance of zero. */
    static Optional<SessionLiveness.Observation> of(AuthenticationFrame frame) {
        LivenessMeasures measures = frame.getFace().getLiveness();
        if (measures.getMeshCount() != 2 * FaceLandmarks.COUNT) {
            return Optional.empty();
        }
        List<Point> mesh = new ArrayList<>(FaceLandmarks.COUNT);
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            mesh.add(new Point(measures.getMesh(2 * i), measures.getMesh(2 * i + 1)));
        }
        Point right = mesh.get(FaceLandmarks.RIGHT_EYE_OUTER);
        Point left = mesh.get(FaceLandmarks.LEFT_EYE_OUTER);
        double interOcular = Math.hypot(left.x() - right.x(), left.y() - right.y());
        if (!(interOcular > 0)) {
            return Optional.empty();
        }
        return Optional.of(new SessionLiveness.Observation(frame.getReceivedAtMs(), mesh, interOcular,
                measures.getFaceGrey().toByteArray(),
                measures.hasEyeAspectRatio() ? OptionalDouble.of(measures.getEyeAspectRatio()) : OptionalDouble.empty()));
    }
}
