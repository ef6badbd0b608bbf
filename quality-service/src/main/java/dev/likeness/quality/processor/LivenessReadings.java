package dev.likeness.quality.processor;

import com.google.protobuf.ByteString;
import dev.likeness.proto.v1.LivenessMeasures;
import dev.likeness.quality.filters.HeadPose;
import dev.likeness.quality.filters.QualityVerdict;
import dev.likeness.vision.FaceBox;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.MatScope;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

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

    /**
     * The face box's grey levels at {@link #GREY_SIDE} x {@link #GREY_SIDE} points, nearest pixel
     * (no smoothing: noise stays), of the box's part inside the frame.
     */
    static byte[] greySample(FrameImage frame, FaceBox box) {
        int left = clamp((int) box.x(), frame.width()), top = clamp((int) box.y(), frame.height());
        int right = Math.max(left + 1, Math.min(frame.width(), (int) Math.ceil(box.x() + box.width())));
        int bottom = Math.max(top + 1, Math.min(frame.height(), (int) Math.ceil(box.y() + box.height())));
        try (MatScope scope = new MatScope()) {
            Mat sample = scope.newMat();
            Imgproc.resize(scope.hold(frame.grey().submat(top, bottom, left, right)), sample, new Size(GREY_SIDE, GREY_SIDE), 0, 0,
                    Imgproc.INTER_NEAREST);
            byte[] levels = new byte[GREY_SIDE * GREY_SIDE];
            sample.get(0, 0, levels);
            return levels;
        }
    }

    private static int clamp(int value, int size) {
        return Math.max(0, Math.min(size - 1, value));
    }
}
