package dev.likeness.cli.engine;

import dev.likeness.client.FrameSource;
import dev.likeness.liveness.Challenge;
import dev.likeness.liveness.ChallengeRun;
import dev.likeness.liveness.Point;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.quality.filters.HeadPose;
import dev.likeness.subjects.SyntheticLivenessSets;
import dev.likeness.vision.FaceFinder;
import dev.likeness.vision.FaceGreySample;
import dev.likeness.vision.FaceLandmarks;
import dev.likeness.vision.FrameImage;
import dev.likeness.vision.UndecodableImageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./likeness evaluate-liveness --genuine DIR --attacks DIR}: the liveness checks on recorded
 * sessions, as ISO/IEC 30107-3 counts them. Each session is an MJPEG file read at {@code fps}; its
 * frames get the measures quality-service takes (FaceMesh's landmarks and pose, the face's grey
 * sample) and liveness's checks judge them: under the challenge the file beside it names
 * ({@code NAME.challenge}), or passively without one. A session is classified bona fide only when
 * liveness says {@code pass} (what a customer requiring it accepts); APCER is, per attack type
 * (one sub-folder of the attacks each), the share of attack sessions classified bona fide, and
 * BPCER the share of genuine ones that are not. Run offline: no pipeline, no quality filter
 * refusing a frame but for one without a face, and no same-person check (no descriptors); sets
 * marked synthetic ({@link SyntheticLivenessSets#MARKER}) are reported as such.
 */
public final class LivenessEvaluation {

    private final FaceFinder finder;
    private final PrintStream out;
    private final int fps;

    public LivenessEvaluation(FaceFinder finder, PrintStream out, int fps) {
        this.finder = finder;
        this.out = out;
        this.fps = fps;
    }

    /** One session's verdict: the policy it was judged under and the evidence. */
    record Judged(String policy, SessionLiveness.Evidence evidence) {
        boolean bonaFide() {
            return evidence.result() == SessionLiveness.Result.PASS;
        }
    }

    /** Evaluates; 0 when there were genuine and attack sessions to count. */
    public int run(Path genuine, Path attacks) throws IOException {
        // make-liveness-sets puts its marker beside genuine/ and attacks/.
        boolean synthetic = Stream.of(genuine, attacks).map(folder -> folder.toAbsolutePath().getParent())
                .anyMatch(parent -> parent != null && Files.exists(parent.resolve(SyntheticLivenessSets.MARKER)));
        out.printf("liveness evaluation (ISO/IEC 30107-3 counts), sessions read at %d frames/s%n", fps);
        if (synthetic) {
            out.println("  SYNTHETIC sets (" + SyntheticLivenessSets.MARKER + "): rendered from portraits, not people, prints or "
                    + "screens in front of a camera; the figures say what the checks do on these renders, and are no error rate "
                    + "of the product");
        }
        List<Judged> bonaFide = judgeAll(genuine);
        Map<String, List<Judged>> byType = new TreeMap<>();
        try (Stream<Path> types = Files.list(attacks)) {
            for (Path type : types.filter(Files::isDirectory).sorted().toList()) {
                byType.put(type.getFileName().toString(), judgeAll(type));
            }
        }
        out.printf("%n  %-14s %8s %8s  %-8s  %s%n", "attack type", "sessions", "passed", "APCER", "what refused them");
        double worst = 0;
        String worstType = "none passed";
        for (Map.Entry<String, List<Judged>> type : byType.entrySet()) {
            List<Judged> sessions = type.getValue();
            long passed = sessions.stream().filter(Judged::bonaFide).count();
            double apcer = sessions.isEmpty() ? Double.NaN : (double) passed / sessions.size();
            if (apcer > worst) {
                worst = apcer;
                worstType = type.getKey();
            }
            out.printf(Locale.ROOT, "  %-14s %8d %8d  %6.1f %%  %s%n", type.getKey(), sessions.size(), passed, 100 * apcer,
                    reasons(sessions));
        }
        long refused = bonaFide.stream().filter(j -> !j.bonaFide()).count();
        out.printf(Locale.ROOT, "%n  APCER, worst attack type (%s): %.1f %%%n", worstType, 100 * worst);
        out.printf(Locale.ROOT, "  BPCER: %d of %d genuine sessions not passed = %.1f %%  (%s)%n", refused, bonaFide.size(),
                bonaFide.isEmpty() ? Double.NaN : 100.0 * refused / bonaFide.size(), reasons(bonaFide));
        out.printf("  policies: %s; not run offline: the same-person check and quality-service's filters%n",
                Stream.concat(bonaFide.stream(), byType.values().stream().flatMap(List::stream)).map(Judged::policy).distinct().sorted()
                        .collect(Collectors.joining(", ")));
        return bonaFide.isEmpty() || byType.values().stream().allMatch(List::isEmpty) ? 1 : 0;
    }

    /** The failed checks of the sessions, counted; "passed" and "unverified" for the others. */
    private static String reasons(List<Judged> sessions) {
        Map<String, Long> counts = sessions.stream().collect(Collectors.groupingBy(j -> j.evidence().failedCheck()
                .orElse(j.evidence().result().wireName()), TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }

    private List<Judged> judgeAll(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder of MJPEG sessions");
        }
        List<Path> sessions;
        try (Stream<Path> files = Files.list(folder)) {
            sessions = files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mjpeg")).sorted().toList();
        }
        List<Judged> judged = new ArrayList<>();
        for (Path session : sessions) {
            judged.add(judge(session));
        }
        return judged;
    }

    Judged judge(Path session) throws IOException {
        String name = session.getFileName().toString().replaceFirst("(?i)\\.mjpeg$", "");
        Path challengeFile = session.resolveSibling(name + ".challenge");
        Optional<ChallengeRun> run = Files.exists(challengeFile)
                ? Optional.of(new ChallengeRun(Challenge.named(List.of(Files.readString(challengeFile).trim().split(","))), 0))
                : Optional.empty();
        SessionLiveness liveness = new SessionLiveness();
        List<byte[]> frames = FrameSource.mjpeg(session).frames();
        for (int i = 0; i < frames.size(); i++) {
            long at = i * 1000L / fps;
            try (FrameImage image = FrameImage.decode(frames.get(i))) {
                FaceFinder.Finding finding = finder.find(image);
                if (finding.landmarks().isEmpty() || finding.largest().isEmpty()) {
                    continue; // quality-service refuses it (face_missing): liveness never sees it
                }
                FaceLandmarks mesh = finding.landmarks().get();
                HeadPose pose = HeadPose.of(mesh);
                run.ifPresent(r -> r.add(at, pose.yaw(), pose.pitch()));
                List<Point> points = new ArrayList<>(FaceLandmarks.COUNT);
                for (int p = 0; p < FaceLandmarks.COUNT; p++) {
                    points.add(new Point(mesh.x()[p], mesh.y()[p]));
                }
                liveness.add(new SessionLiveness.Observation(at, points, mesh.interOcular(),
                        FaceGreySample.of(image, finding.largest().get().box()), OptionalDouble.empty()));
            } catch (UndecodableImageException e) {
                out.printf("  %s: frame %d is no image (%s)%n", session.getFileName(), i + 1, e.getMessage());
            }
        }
        return run.map(r -> new Judged("challenge", liveness.challenged(r, true)))
                .orElseGet(() -> new Judged("passive", liveness.evidence()));
    }
}
