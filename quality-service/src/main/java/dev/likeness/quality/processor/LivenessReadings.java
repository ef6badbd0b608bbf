package dev.likeness.quality.processor;

import com.google.protobuf.ByteString;
import dev.likeness.proto.v1.LivenessMeasures;
import dev.likeness.quality.filters.HeadPose;
import dev.likeness.quality.filters.QualityVerdict;
import dev.likeness.vision.FaceBox;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;

/**
 * What liveness reads of an accepted frame, from what the quality filters already found: the head's
 * pose, the eyes' aspect ratio, the mesh, and the face's pixels at low resolution. No model runs
 * again here, and the face's pixels leave only as 32 x 32 grey levels, too few to recognise anyone by.
 */
final class LivenessReadings {

    /** The side of the grey sample of the face box. */
    static final int GREY_SIDE = 32;

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
        return measures.setFaceGrey(ByteString.copyFrom(greySample(frame, verdict.finding().largest().orElseThrow().box()))).build();
    }

    /** The face box's grey levels at {@link #GREY_SIDE} x {@link #GREY_SIDE} points, nearest pixel (no smoothing: noise stays). */
    static byte[] greySample(FrameImage frame, FaceBox box) {
        byte[] pixels = new byte[frame.width() * frame.height()];
        frame.grey().get(0, 0, pixels);
        byte[] sample = new byte[GREY_SIDE * GREY_SIDE];
        for (int row = 0; row < GREY_SIDE; row++) {
            int y = clamp((int) (box.y() + (row + 0.5) * box.height() / GREY_SIDE), frame.height());
            for (int column = 0; column < GREY_SIDE; column++) {
                int x = clamp((int) (box.x() + (column + 0.5) * box.width() / GREY_SIDE), frame.width());
                sample[row * GREY_SIDE + column] = pixels[y * frame.width() + x];
            }
        }
        return sample;
    }

    private static int clamp(int value, int size) {
        return Math.max(0, Math.min(size - 1, value));
    }
}
