package dev.likeness.auth.token;

import dev.likeness.liveness.ChallengeMove;
import dev.likeness.liveness.ChallengeRun;
import dev.likeness.liveness.SessionLiveness;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The transaction JWT's {@code liveness} claim: the customer's policy, the result, and each check
 * with its measures, so the customer's backend can require {@code pass} and an auditor can see why.
 * Residuals are in inter-ocular distances, rounded to 4 places.
 */
public final class LivenessClaim {

    private LivenessClaim() {
    }

    public static Map<String, Object> of(SessionLiveness.Policy policy, SessionLiveness.Evidence evidence) {
        Map<String, Object> structure = new LinkedHashMap<>();
        structure.put("verdict", evidence.structure().structure().name().toLowerCase(Locale.ROOT));
        structure.put("similarity_residual", rounded(evidence.structure().similarityResidual()));
        structure.put("homography_residual", rounded(evidence.structure().homographyResidual()));
        structure.put("parallax_share", rounded(evidence.structure().parallaxShare()));
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put(SessionLiveness.FROZEN_FEED, Map.of("frozen", evidence.frozen()));
        checks.put(SessionLiveness.STRUCTURE, structure);
        checks.put("blink", Map.of("seen", evidence.blink()));
        evidence.challenge().ifPresent(report -> {
            Map<String, Object> challenge = new LinkedHashMap<>();
            challenge.put("moves", report.challenge().moves().stream().map(ChallengeMove::wireName).toList());
            challenge.put("outcome", report.outcome().wireName());
            challenge.put("moves_done", report.movesDone());
            report.wrongMove().ifPresent(move -> challenge.put("wrong_move", move.wireName()));
            challenge.put("millis", report.millis());
            checks.put(SessionLiveness.CHALLENGE, challenge);
        });
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("result", evidence.result().wireName());
        claim.put("policy", policy.wireName());
        claim.put("frames", evidence.frames());
        claim.put("checks", checks);
        evidence.failedCheck().ifPresent(check -> claim.put("failed_check", check));
        return claim;
    }

    /**
     * What a failed check measured, appended to its name in the client's error message: the
     * measures only, no biometric data.
     */
    public static String explained(SessionLiveness.Evidence evidence) {
        String check = evidence.failedCheck().orElse("");
        if (check.equals(SessionLiveness.CHALLENGE) && evidence.challenge().isPresent()) {
            ChallengeRun.Report report = evidence.challenge().get();
            String asked = report.challenge().moves().stream().map(ChallengeMove::wireName).collect(Collectors.joining(" then "));
            return String.format(Locale.ROOT, " (asked %s; %d made; %s%s after %.1f s)", asked, report.movesDone(),
                    report.outcome().wireName(), report.wrongMove().map(move -> ": " + move.wireName()).orElse(""),
                    report.millis() / 1000.0);
        }
        if (check.equals(SessionLiveness.STRUCTURE)) {
            return String.format(Locale.ROOT, " (%s: parallax share %.2f of %.3f IOD of motion)",
                    evidence.structure().structure().name().toLowerCase(Locale.ROOT), evidence.structure().parallaxShare(),
                    evidence.structure().similarityResidual());
        }
        return "";
    }

    private static double rounded(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
