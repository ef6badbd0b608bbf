package dev.likeness.subjects;

import dev.likeness.liveness.Challenge;
import dev.likeness.proto.v1.ChallengeMove;
import dev.likeness.vision.FaceFinder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Liveness evaluation sets made here, every one synthetic: for each portrait photo, sessions of the
 * simulated live subject (genuine) and of attacks on it, as MJPEG files at {@link #FPS} frames/s,
 * each with the challenge it was asked ({@code NAME.challenge}: the moves, comma-separated), drawn
 * at random as the server draws one. Attack types, one folder each:
 * <ul>
 * <li>{@code print}: a print of the photo, turned and tilted as the challenge asks;</li>
 * <li>{@code screen}: the photo on a screen (ScreenPicture), moved the same way;</li>
 * <li>{@code looped-still}: the photo's own file, every frame the same;</li>
 * <li>{@code noisy-still}: the subject not moving, with a sensor's noise, no two frames alike;</li>
 * <li>{@code replay}: a recording of the subject making another sequence than the one asked.</li>
 * </ul>
 * A file {@code SYNTHETIC} at the top says how they were made, so an evaluation reports them as such.
 */
public final class SyntheticLivenessSets {

    /** The SDK's pace. */
    public static final int FPS = 8;
    public static final String MARKER = "SYNTHETIC";
    public static final List<String> ATTACK_TYPES = List.of("print", "screen", "looped-still", "noisy-still", "replay");
    /** Facing the camera before the moves, as a user reads the instruction. */
    static final double LEAD_IN_SECONDS = 1;
    static final double SECONDS = 7;

    private SyntheticLivenessSets() {
    }

    /** Writes {@code out/genuine} and {@code out/attacks/<type>}: {@code sessions} sessions of each kind per portrait. */
    public static void write(Path out, List<Path> portraits, int sessions, FaceFinder finder, RandomGenerator random) throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve(MARKER), "Synthetic sessions, not people: each portrait photo's face mesh rendered turned "
                + "(FollowingChallenge, PoseFrames), a print or screen of the photo moved as a plane, the photo looped; made by "
                + "`./likeness make-liveness-sets`. Figures measured on them say what the checks do on renders, not on people.\n");
        for (Path portrait : portraits) {
            byte[] photo = Files.readAllBytes(portrait);
            String name = portrait.getParent().getFileName().toString();
            try (PoseFrames subject = PoseFrames.of(photo, finder, random.nextLong());
                 PoseFrames print = PoseFrames.printOf(photo, random.nextLong());
                 PoseFrames screen = PoseFrames.screenOf(photo, random.nextLong())) {
                for (int n = 1; n <= sessions; n++) {
                    String session = name + "-" + n;
                    List<ChallengeMove> asked = moves(Challenge.drawn(random));
                    List<ChallengeMove> other;
                    do {
                        other = moves(Challenge.drawn(random));
                    } while (other.equals(asked));
                    int frames = (int) Math.round(SECONDS * FPS);
                    write(out.resolve("genuine"), session, asked, recording(subject, asked));
                    write(out.resolve("attacks/print"), session, asked, recording(print, asked));
                    write(out.resolve("attacks/screen"), session, asked, recording(screen, asked));
                    write(out.resolve("attacks/looped-still"), session, asked, Collections.nCopies(frames, photo));
                    List<byte[]> still = new ArrayList<>();
                    for (int i = 0; i < frames; i++) {
                        still.add(subject.jpeg(TurnedPortrait.Pose.FRONTAL));
                    }
                    write(out.resolve("attacks/noisy-still"), session, asked, still);
                    write(out.resolve("attacks/replay"), session, asked, recording(subject, other));
                }
            }
        }
    }

    private static List<byte[]> recording(PoseFrames camera, List<ChallengeMove> moves) {
        return FollowingChallenge.recording(camera, moves, FPS, LEAD_IN_SECONDS, SECONDS);
    }

    private static List<ChallengeMove> moves(Challenge challenge) {
        return challenge.moves().stream().map(move -> ChallengeMove.valueOf(move.name())).toList();
    }

    private static void write(Path folder, String session, List<ChallengeMove> asked, List<byte[]> frames) throws IOException {
        MjpegFile.write(folder.resolve(session + ".mjpeg"), frames);
        Files.writeString(folder.resolve(session + ".challenge"), String.join(",", asked.stream().map(Enum::name).toList()) + "\n");
    }
}
