package dev.likeness.subjects;

import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.MatScope;
import dev.likeness.vision.UndecodableImageException;
import org.opencv.core.Core;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated live subject in front of a camera, unprompted: the head turns slowly from side to
 * side (12 degrees either way, a 3 s period) and nods a little (4 degrees, 4.5 s), the eyes blink
 * once (200 ms, at 1.2 s), and every frame carries a real sensor's noise (2 grey levels, Gaussian),
 * so no two frames are the same. Synthetic: one portrait photo, moved.
 */
public final class LookingAround {

    /** Degrees of the side-to-side turn either way: within quality-service's 25 degree limit, so frames stay usable. */
    static final double YAW = 12;
    static final double YAW_PERIOD_SECONDS = 3;
    static final double PITCH = 4;
    static final double PITCH_PERIOD_SECONDS = 4.5;
    static final double BLINK_AT_SECONDS = 1.2;
    static final double BLINK_SECONDS = 0.2;

    private LookingAround() {
    }

    /** Where the head is {@code seconds} into the recording. */
    static TurnedPortrait.Pose poseAt(double seconds) {
        double yaw = YAW * Math.sin(2 * Math.PI * seconds / YAW_PERIOD_SECONDS);
        double pitch = PITCH * Math.sin(2 * Math.PI * seconds / PITCH_PERIOD_SECONDS);
        boolean blinking = seconds >= BLINK_AT_SECONDS && seconds < BLINK_AT_SECONDS + BLINK_SECONDS;
        return new TurnedPortrait.Pose(yaw, pitch, blinking ? 1 : 0);
    }

    /**
     * {@code seconds} of the subject at {@code fps}, as JPEG frames, from a portrait photo with one
     * frontal face; {@code seed} picks the sensor noise (the same seed, the same frames).
     */
    public static List<byte[]> frames(byte[] portraitJpeg, FaceFinder finder, int fps, double seconds, long seed)
            throws UndecodableImageException {
        if (fps <= 0 || seconds <= 0) {
            throw new IllegalArgumentException("fps and seconds must be positive");
        }
        List<byte[]> frames = new ArrayList<>();
        Core.setRNGSeed((int) seed); // OpenCV's generator is the calling thread's
        try (TurnedPortrait subject = TurnedPortrait.of(portraitJpeg, finder)) {
            int count = (int) Math.round(seconds * fps);
            for (int i = 0; i < count; i++) {
                try (MatScope scope = new MatScope()) {
                    frames.add(CameraFrames.jpeg(scope.hold(subject.render(poseAt((double) i / fps)))));
                }
            }
        }
        return frames;
    }
}
