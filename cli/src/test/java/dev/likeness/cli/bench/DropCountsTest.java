package dev.likeness.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A step's drops are the counters' growth over the services read both before and after it; the rest are named. */
class DropCountsTest {

    static DropCounts reading(Map<String, Optional<Map<String, Long>>> byService) {
        return new DropCounts(byService);
    }

    @Test
    void theGrowthOfEachReasonIsSummedOverServices() {
        DropCounts before = reading(Map.of(
                "ingest-gateway", Optional.of(Map.of("gateway no_credit", 10L)),
                "quality-service-1", Optional.of(Map.of("quality stale", 3L)),
                "quality-service-2", Optional.of(Map.of("quality stale", 0L))));
        DropCounts after = reading(Map.of(
                "ingest-gateway", Optional.of(Map.of("gateway no_credit", 14L)),
                "quality-service-1", Optional.of(Map.of("quality stale", 5L)),
                "quality-service-2", Optional.of(Map.of("quality stale", 1L))));

        DropCounts.InStep step = DropCounts.between(before, after);

        assertThat(step.dropped()).containsExactlyInAnyOrderEntriesOf(Map.of("gateway no_credit", 4L, "quality stale", 3L));
        assertThat(step.unread()).isEmpty();
    }

    @Test
    void aServiceNotReadBeforeOrAfterIsLeftOutAndNamed() {
        DropCounts before = reading(Map.of(
                "ingest-gateway", Optional.empty(),
                "quality-service", Optional.of(Map.of("quality stale", 2L))));
        DropCounts after = reading(Map.of(
                "ingest-gateway", Optional.of(Map.of("gateway no_credit", 5_000L)), // its whole history, not this step's
                "quality-service", Optional.empty()));

        DropCounts.InStep step = DropCounts.between(before, after);

        assertThat(step.dropped()).isEmpty();
        assertThat(step.unread()).containsExactly("ingest-gateway", "quality-service");
    }

    @Test
    void aServiceThatAppearsOnlyAfterIsNamedAndACounterThatFellCountsNothing() {
        DropCounts before = reading(Map.of("ingest-gateway", Optional.of(Map.of("gateway no_credit", 50L))));
        DropCounts after = reading(Map.of(
                "ingest-gateway", Optional.of(Map.of("gateway no_credit", 7L)), // restarted: its counter began again
                "quality-service-2", Optional.of(Map.of("quality stale", 4L))));

        DropCounts.InStep step = DropCounts.between(before, after);

        assertThat(step.dropped()).isEmpty();
        assertThat(step.unread()).containsExactly("quality-service-2");
    }
}
