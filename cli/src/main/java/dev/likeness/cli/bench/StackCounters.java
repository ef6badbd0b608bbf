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
 * their JIT compilers' share of them per process (from /proc), and, from each service's /q/metrics,
 * its dropped-frame counters and the CPU seconds it spent in the engine (decrypt, decode, models:
 * likeness_engine_cpu_seconds_total). A step's cost is the difference of two readings.
 */
record StackCounters(Map<String, Double> cpuSeconds, Map<String, Double> compilerCpuSeconds, DropCounts dropped,
                     Map<String, Double> engineCpuSeconds) {

    static StackCounters read(List<StackPart> parts) {
        Map<String, Optional<String>> metrics = new HashMap<>();
        for (StackPart part : parts) {
            if (part.baseUrl().isPresent()) {
                metrics.put(part.name(), part.metrics());
            }
        }
        Map<String, Double> engine = new LinkedHashMap<>();
        metrics.forEach((part, page) -> page.ifPresent(text -> engine.put(part, PrometheusText.byLabel(text,
                "likeness_engine_cpu_seconds_total", "stage").values().stream().mapToDouble(Double::doubleValue).sum())));
        return new StackCounters(byPart(parts, StackPart::cpuSeconds), byPart(parts, StackPart::compilerCpuSeconds), drops(metrics),
                engine);
    }

    /** CPU seconds each service spent in the engine between {@code before} and this reading. */
    Map<String, Double> engineCpuSince(StackCounters before) {
        return difference(before.engineCpuSeconds, engineCpuSeconds);
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
    private static DropCounts drops(Map<String, Optional<String>> metrics) {
        Map<String, Optional<Map<String, Long>>> byService = new HashMap<>();
        metrics.forEach((part, page) -> byService.put(part, page.map(StackCounters::dropCounters)));
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
