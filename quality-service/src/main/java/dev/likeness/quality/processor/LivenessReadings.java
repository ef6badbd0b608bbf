package dev.likeness.quality.processor;

import com.google.protobuf.ByteString;
import dev.likeness.proto.v1.LivenessMeasures;
import dev.likeness.quality.filters.HeadPose;
import dev.likeness.quality.filters.QualityVerdict;
import dev.likeness.vision.FaceGreySample;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;

/**
 * What liveness reads of an accepted frame, from what the quality filters already found: the head's
 * pose, the eyes' aspect ratio, the mesh, and the face's pixels at low resolution. No model runs
 * again here, and the face's pixels leave only as 32 x 32 grey levels, too few to recognise anyone by.
 */
final class LivenessReadings {

    private LivenessReadings() {
    }

    static LivenessMeasures of(FrameImage frame, QualityVerdict verdict) {
        FaceLandmarks mesh = verdict.finding().landmarks().orElseThrow();
        HeadPose pose = HeadPose.of(mesh);
        LivenessMeasures.Builder measures = LivenessMeasures.newBuilder()
                .setYaw((float) pose.yaw()).setPitch((float) pose.pitch()).setRoll((float) pose.roll());
        verdict.eyeAspectRatio().ifPresent(ratio -> measures.setEyeAspectRatio((float) ratio));
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            measures.addMesh(mesh.x()[i]).addMesh(mesh.y()[i]);
        }
        return measures.setFaceGrey(ByteString.copyFrom(FaceGreySample.of(frame, verdict.finding().largest().orElseThrow().box()))).build();
    }
}
