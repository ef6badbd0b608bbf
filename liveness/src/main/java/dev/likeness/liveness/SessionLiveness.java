package dev.likeness.liveness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One session's liveness: its frames' measures, read together by each check, and the result they
 * support. A result is {@code fail} on positive evidence of an attack (a frozen feed, a flat
 * picture after a clear turn), {@code pass} on positive evidence of a live head (parallax no flat
 * object leaves, the feed not frozen), and {@code unverified} otherwise: what natural motion did
 * not show is not guessed. The customer's policy decides what a result does to the session.
 */
public final class SessionLiveness {

    /** What a customer requires of a session, set on the server; never chosen by the client. */
    public enum Policy {
        /** Measured and reported, never refused. */
        OFF,
        /**
         * A session is decided on at least {@link #FRAMES_NEEDED} frames; one that shows an attack is
         * refused, one that shows nothing either way is answered {@code unverified}.
         */
        PASSIVE,
        /**
         * The session is asked for a random sequence of moves ({@link Challenge}); it passes only
         * when it made them in time, the feed was live, the moves showed a head's parallax, and
         * the same person made them all. Anything else is refused.
         */
        CHALLENGE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The policy named {@code name} (any case, spaces around ignored); none for another name. */
        public static Optional<Policy> named(String name) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(policy -> policy.wireName().equals(wanted)).findFirst();
        }
    }

    /** What the session's frames support. */
    public enum Result {
        PASS, FAIL, UNVERIFIED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One frame: when it was received, its landmarks (the same ones, in the same order, each
     * frame), the inter-ocular distance in pixels, the face's grey sample (the same size each
     * frame), and the eyes' aspect ratio when measured.
     */
    public record Observation(long atMillis, List<Point> landmarks, double interOcular, byte[] faceGrey, OptionalDouble eyeAspectRatio) {
    }

    /**
     * What the checks found: the frames read, whether the feed is frozen ({@code no_movement_from_subject}),
     * the strongest 3D-structure measure against the first frame, whether a blink was seen, and the
     * check that failed, if one did.
     */
    public record Evidence(Result result, int frames, boolean frozen, PlanarMotion.Measure structure, boolean blink,
                           Optional<String> failedCheck, Optional<ChallengeRun.Report> challenge) {
    }

    /** Frames a session under a policy other than off needs before its decision: the frozen-feed check's window, a second. */
    public static final int FRAMES_NEEDED = FrozenFeed.WINDOW;
    /** The name of the frozen-feed check, as the client contract names the server filter. */
    public static final String FROZEN_FEED = "no_movement_from_subject";
    /** The name of the 3D-structure check. */
    public static final String STRUCTURE = "three_dimensional_structure";
    /** The name of the challenge check: the asked moves, in order, in time. */
    public static final String CHALLENGE = "challenge";
    /** The name of the check that one person made the whole session (a face swapped mid-session fails it). */
    public static final String SAME_PERSON = "same_person";

    private final List<Observation> observations = new ArrayList<>();

    public void add(Observation observation) {
        observations.add(observation);
    }

    /** Whether the frames so far end in a frozen feed's window: cheap, for a session that need not wait for its other checks. */
    public boolean frozen() {
        return FrozenFeed.frozen(frozenFeedFrames());
    }

    public Evidence evidence() {
        boolean frozen = frozen();
        PlanarMotion.Measure structure = strongestStructure();
        boolean blink = Blink.seen(observations.stream().filter(o -> o.eyeAspectRatio().isPresent())
                .map(o -> new Blink.Sample(o.atMillis(), o.eyeAspectRatio().getAsDouble())).toList());
        if (frozen) {
            return new Evidence(Result.FAIL, observations.size(), true, structure, blink, Optional.of(FROZEN_FEED),
                    Optional.empty());
        }
        return switch (structure.structure()) {
            case PLANAR -> new Evidence(Result.FAIL, observations.size(), false, structure, blink, Optional.of(STRUCTURE),
                    Optional.empty());
            case THREE_DIMENSIONAL -> new Evidence(Result.PASS, observations.size(), false, structure, blink, Optional.empty(),
                    Optional.empty());
            case INSUFFICIENT_MOTION -> new Evidence(Result.UNVERIFIED, observations.size(), false, structure, blink, Optional.empty(),
                    Optional.empty());
        };
    }

    /**
     * The evidence under the challenge policy, once {@code run} is settled: pass only when the feed
     * was live, the moves were made as asked, {@code samePerson} (the session's own faces all
     * matched one another), and the moves showed a head's parallax (anything short of
     * {@code three_dimensional} after a completed challenge is a flat picture or no real turn).
     */
    public Evidence challenged(ChallengeRun run, boolean samePerson) {
        Evidence seen = evidence();
        Optional<String> failed = seen.frozen() ? Optional.of(FROZEN_FEED)
                : run.outcome() != ChallengeRun.Outcome.DONE ? Optional.of(CHALLENGE)
                : !samePerson ? Optional.of(SAME_PERSON)
                : seen.structure().structure() != PlanarMotion.Structure.THREE_DIMENSIONAL ? Optional.of(STRUCTURE) : Optional.empty();
        return new Evidence(failed.isPresent() ? Result.FAIL : Result.PASS, seen.frames(), seen.frozen(), seen.structure(), seen.blink(),
                failed, Optional.of(run.report()));
    }

    /** The frames the frozen-feed check reads: only its window, so a check on every frame costs the same late in a session as early. */
    private List<FrozenFeed.Frame> frozenFeedFrames() {
        List<FrozenFeed.Frame> frames = new ArrayList<>();
        for (int i = Math.max(0, observations.size() - FrozenFeed.WINDOW); i < observations.size(); i++) {
            Observation o = observations.get(i);
            double change = i == 0 ? Double.MAX_VALUE : meanAbsoluteDifference(observations.get(i - 1).faceGrey(), o.faceGrey());
            frames.add(new FrozenFeed.Frame(o.landmarks(), o.interOcular(), change));
        }
        return frames;
    }

    /**
     * The largest move against the first frame, judged: the most motion is where parallax stands
     * furthest above landmark jitter, and a session is judged on what it showed most clearly.
     */
    private PlanarMotion.Measure strongestStructure() {
        PlanarMotion.Measure largest = new PlanarMotion.Measure(PlanarMotion.Structure.INSUFFICIENT_MOTION, 0, 0);
        if (observations.size() < 2) {
            return largest;
        }
        Observation first = observations.get(0);
        for (Observation later : observations.subList(1, observations.size())) {
            PlanarMotion.Measure measure = PlanarMotion.compare(first.landmarks(), later.landmarks(), first.interOcular());
            if (measure.similarityResidual() > largest.similarityResidual()) {
                largest = measure;
            }
        }
        return largest;
    }

    /** Mean absolute grey-level difference of two samples of the same size; a size change is no frozen feed. */
    static double meanAbsoluteDifference(byte[] a, byte[] b) {
        if (a.length != b.length || a.length == 0) {
            return Double.MAX_VALUE;
        }
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }
}
