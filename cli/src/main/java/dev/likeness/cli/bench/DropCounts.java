package dev.likeness.cli.bench;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The services' cumulative dropped-frame counters as read at one moment, service by service: each
 * either read (its counts by reason) or not (its /q/metrics did not answer in time). A step's drops
 * are the difference of two readings over the services read both times; the others are named, not
 * guessed: reading one as zero before and in full after would add its whole history to the step.
 */
record DropCounts(Map<String, Optional<Map<String, Long>>> byService) {

    DropCounts {
        byService = Map.copyOf(byService);
    }

    /** What the step dropped, by reason, and which services could not be read before or after it. */
    record InStep(Map<String, Long> dropped, Set<String> unread) {
    }

    static InStep between(DropCounts before, DropCounts after) {
        Map<String, Long> dropped = new TreeMap<>();
        Set<String> unread = new TreeSet<>();
        Set<String> services = new TreeSet<>(before.byService.keySet());
        services.addAll(after.byService.keySet());
        for (String service : services) {
            Optional<Map<String, Long>> then = before.byService.getOrDefault(service, Optional.empty());
            Optional<Map<String, Long>> now = after.byService.getOrDefault(service, Optional.empty());
            if (then.isEmpty() || now.isEmpty()) {
                unread.add(service);
                continue;
            }
            now.get().forEach((reason, count) -> {
                long delta = count - then.get().getOrDefault(reason, 0L);
                if (delta > 0) {
                    dropped.merge(reason, delta, Long::sum);
                }
            });
        }
        return new InStep(dropped, unread);
    }
}
