package dev.likeness.cli.bench;

import dev.likeness.launcher.PrometheusText;
import dev.likeness.launcher.StackPart;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What the stack's processes have used and dropped so far, read at one moment: CPU seconds and
 * their JIT compilers' share of them per process (from /proc), and the services' dropped-frame
 * counters (from /q/metrics). A step's cost is the difference of two readings.
 */
record StackCounters(Map<String, Double> cpuSeconds, Map<String, Double> compilerCpuSeconds, DropCounts dropped) {

    static StackCounters read(List<StackPart> parts) {
        return new StackCounters(byPart(parts, StackPart::cpuSeconds), byPart(parts, StackPart::compilerCpuSeconds), drops(parts));
    }

    /** CPU seconds each process used between {@code before} and this reading. */
    Map<String, Double> cpuSince(StackCounters before) {
        return difference(before.cpuSeconds, cpuSeconds);
    }

    /** CPU seconds each process's JIT compiler threads used between {@code before} and this reading. */
    Map<String, Double> compilerCpuSince(StackCounters before) {
        return difference(before.compilerCpuSeconds, compilerCpuSeconds);
    }

    /** Frames dropped between {@code before} and this reading, and the services not read both times. */
    DropCounts.InStep droppedSince(StackCounters before) {
        return DropCounts.between(before.dropped, dropped);
    }

    private static Map<String, Double> byPart(List<StackPart> parts, ToDoubleFunction<StackPart> seconds) {
        Map<String, Double> byPart = new LinkedHashMap<>();
        for (StackPart part : parts) {
            byPart.put(part.name(), seconds.applyAsDouble(part));
        }
        return byPart;
    }

    private static Map<String, Double> difference(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((part, seconds) -> used.put(part, seconds - before.getOrDefault(part, 0.0)));
        return used;
    }

    /**
     * Frames the services dropped so far, by reason (the gateway's credit refusals, quality-service's
     * stale frames), service by service; a service whose /q/metrics does not answer is marked unread.
     */
    private static DropCounts drops(List<StackPart> parts) {
        Map<String, Optional<Map<String, Long>>> byService = new HashMap<>();
        for (StackPart part : parts) {
            if (part.baseUrl().isEmpty()) {
                continue;
            }
            byService.put(part.name(), part.metrics().map(StackCounters::dropCounters));
        }
        return new DropCounts(byService);
    }

    /** One service's dropped-frame counters, by reason, from its /q/metrics page. */
    private static Map<String, Long> dropCounters(String metrics) {
        Map<String, Long> dropped = new HashMap<>();
        PrometheusText.byLabel(metrics, "likeness_gateway_frames_dropped_total", "reason")
                .forEach((reason, count) -> dropped.merge("gateway " + reason, count.longValue(), Long::sum));
        Double stale = PrometheusText.byLabel(metrics, "likeness_quality_frames_total", "outcome").get("stale");
        if (stale != null) {
            dropped.merge("quality stale", stale.longValue(), Long::sum);
        }
        return dropped;
    }
}
