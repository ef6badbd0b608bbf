package dev.likeness.cli.bench;

import java.util.List;
import java.util.OptionalInt;

/**
 * The knee of a sweep: the largest session count whose step kept p99 round trip within
 * {@link #P99_LIMIT_MS} and answered at least {@link #MIN_ANSWERED} of the frames sent. Steps are
 * taken as measured, not assumed monotonic: a count above a failing step still counts if it passed.
 */
public final class Knee {

    public static final double P99_LIMIT_MS = 150;
    public static final double MIN_ANSWERED = 0.99;

    private Knee() {
    }

    public static OptionalInt of(List<StepResult> steps) {
        return steps.stream().filter(s -> s.within(P99_LIMIT_MS, MIN_ANSWERED)).mapToInt(StepResult::sessions).max();
    }
}
