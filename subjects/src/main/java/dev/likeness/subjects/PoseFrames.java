package dev.likeness.subjects;

import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.MatScope;
import dev.likeness.vision.UndecodableImageException;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Camera frames of one subject (the simulated head, or a print of it) by pose, rendered once per pose and shared by every session that
 * shows it: rendering a pose costs tens of milliseconds, and many simulated sessions at once (the
 * start-up probe's burst, a benchmark) would spend the cores on rendering instead of on the stack
 * they measure. Poses are taken to the nearest {@link #STEP_DEGREES}, a few frames of each are made
 * with independent sensor noise, and they are handed out in turn, so consecutive frames of a still
 * pose still differ as a real sensor's do. Thread-safe.
 */
public final class PoseFrames implements AutoCloseable {

    /** Pose resolution: under FaceMesh's pose jitter, so the steps are not seen as motion. */
    static final double STEP_DEGREES = 1.5;
    /** Noisy frames made of each pose. */
    static final int VARIANTS = 3;

    private record Key(long yawSteps, long pitchSteps, boolean eyesClosed) {
    }

    private record Variants(List<byte[]> jpegs, AtomicInteger next) {
    }

    private final Function<TurnedPortrait.Pose, Mat> renderer;
    private final AutoCloseable resources;
    private final Map<Key, Variants> rendered = new ConcurrentHashMap<>();

    private PoseFrames(Function<TurnedPortrait.Pose, Mat> renderer, AutoCloseable resources, long seed) {
        this.renderer = renderer;
        this.resources = resources;
        Core.setRNGSeed((int) seed);
    }

    /** The simulated live subject of a portrait photo with one frontal face; {@code seed} picks the sensor noise. */
    public static PoseFrames of(byte[] portraitJpeg, FaceFinder finder, long seed) throws UndecodableImageException {
        TurnedPortrait subject = TurnedPortrait.of(portraitJpeg, finder);
        return new PoseFrames(subject::render, subject, seed);
    }

    /**
     * The attack: a print of the portrait held in front of the camera and turned or tilted as the
     * head would be (the pose's yaw turns it, its pitch tilts it), a flat picture however it moves.
     */
    public static PoseFrames printOf(byte[] portraitJpeg, long seed) {
        Mat picture = Imgcodecs.imdecode(new MatOfByte(portraitJpeg), Imgcodecs.IMREAD_COLOR);
        return new PoseFrames(pose -> TiltedPrint.seen(picture, pose.yawDegrees(), pose.pitchDegrees()), picture::release, seed);
    }

    /**
     * The attack of a photo on a screen (a phone or monitor) held in front of the camera and
     * turned or tilted as the head would be: the portrait resampled through a display's pixel grid
     * (a third of the resolution, each pixel a block with dark gaps between, as a camera close to a
     * screen sees it), a flat picture however it moves.
     */
    public static PoseFrames screenOf(byte[] portraitJpeg, long seed) {
        Mat screen = ScreenPicture.of(Imgcodecs.imdecode(new MatOfByte(portraitJpeg), Imgcodecs.IMREAD_COLOR));
        return new PoseFrames(pose -> TiltedPrint.seen(screen, pose.yawDegrees(), pose.pitchDegrees()), screen::release, seed);
    }

    /** A JPEG frame of the subject at (about) {@code pose}. */
    public byte[] jpeg(TurnedPortrait.Pose pose) {
        Key key = new Key(Math.round(pose.yawDegrees() / STEP_DEGREES), Math.round(pose.pitchDegrees() / STEP_DEGREES),
                pose.eyesClosed() >= 0.5);
        Variants variants = rendered.computeIfAbsent(key, this::render);
        return variants.jpegs().get(Math.floorMod(variants.next().getAndIncrement(), VARIANTS));
    }

    private Variants render(Key key) {
        TurnedPortrait.Pose pose = new TurnedPortrait.Pose(key.yawSteps() * STEP_DEGREES, key.pitchSteps() * STEP_DEGREES,
                key.eyesClosed() ? 1 : 0);
        List<byte[]> jpegs = new ArrayList<>(VARIANTS);
        synchronized (renderer) {
            try (MatScope scope = new MatScope()) {
                var frame = scope.hold(renderer.apply(pose));
                for (int i = 0; i < VARIANTS; i++) {
                    jpegs.add(CameraFrames.jpeg(frame));
                }
            }
        }
        return new Variants(jpegs, new AtomicInteger());
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
