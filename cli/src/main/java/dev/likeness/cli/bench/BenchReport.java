package dev.likeness.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * A sweep's figures as files: report.csv (one row a step), report.json (the same, with the
 * settings, baseline and knee) and report.html (tables and two charts drawn as SVG here: latency
 * versus load, throughput versus load), self-contained, so nothing is fetched to view it.
 */
final class BenchReport {

    private final Bench.Settings settings;
    private final double rawFps;
    private final Bench.WarmUp warmUp;
    private final List<StepResult> steps;
    private final OptionalInt knee;

    BenchReport(Bench.Settings settings, double rawFps, Bench.WarmUp warmUp, List<StepResult> steps, OptionalInt knee) {
        this.settings = settings;
        this.rawFps = rawFps;
        this.warmUp = warmUp;
        this.steps = steps;
        this.knee = knee;
    }

    void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("report.csv"), csv());
        Files.writeString(folder.resolve("report.json"), json());
        Files.writeString(folder.resolve("report.html"), html());
    }

    /** The cores this machine gives the stack and the bench alike. */
    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    double pipelineFps() {
        return steps.stream().mapToDouble(StepResult::answeredFps).max().orElse(0);
    }

    /** Every process that used CPU in any step, sorted: the CSV's and the HTML's CPU columns. */
    private List<String> parts() {
        TreeSet<String> parts = new TreeSet<>();
        steps.forEach(step -> parts.addAll(step.cpuSeconds().keySet()));
        return List.copyOf(parts);
    }

    String csv() {
        StringBuilder csv = new StringBuilder("sessions,offered_fps,sent_fps,answered_fps,camera_frames,frames_sent,frames_answered,"
                + "frames_lost,answered_fraction,p50_ms,p95_ms,p99_ms,max_ms,sessions_decided,errors,dropped,dropped_unread,cores_busy,"
                + "cpu_ms_per_frame_all,cpu_bound_fps,jit_cpu_share");
        for (String part : parts()) {
            csv.append(",cpu_ms_per_frame_").append(part).append(",jit_cpu_ms_per_frame_").append(part);
        }
        csv.append('\n');
        for (StepResult s : steps) {
            csv.append(String.format(Locale.ROOT, "%d,%.2f,%.2f,%.2f,%d,%d,%d,%d,%.4f,%.1f,%.1f,%.1f,%.1f,%d,%s,%s,%s,%.2f,%.2f,%.2f,%.3f",
                    s.sessions(), s.offeredFps(),
                    s.sentFps(), s.answeredFps(), s.cameraFrames(), s.framesSent(), s.framesAnswered(), s.framesLost(),
                    s.answeredFraction(),
                    s.roundTripPercentile(50), s.roundTripPercentile(95), s.roundTripPercentile(99), s.roundTripMax(), s.sessionsDecided(),
                    pairs(s.errors()), pairs(s.dropped()), String.join(";", s.droppedUnread()), s.coresBusy(),
                    s.cpuMillisPerAnsweredFrame(), s.cpuBoundFps(cores()),
                    s.compilerShare()));
            for (String part : parts()) {
                csv.append(String.format(Locale.ROOT, ",%.2f,%.2f", s.cpuMillisPerAnsweredFrame(part),
                        s.compilerCpuMillisPerAnsweredFrame(part)));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /** A map as `key=value` pairs joined by semicolons: one CSV cell without commas. */
    private static String pairs(Map<String, ? extends Number> map) {
        return String.join(";", map.entrySet().stream().map(e -> e.getKey().replace(' ', '_') + "=" + e.getValue()).toList());
    }

    String json() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("sessionCounts", settings.sessionCounts());
        root.put("fps", settings.fps());
        root.put("durationSeconds", settings.duration().toSeconds());
        root.put("operation", settings.kind().name().toLowerCase(Locale.ROOT));
        root.put("images", settings.images().toString());
        root.put("cores", cores());
        root.put("warmUp", Map.of("seconds", warmUp.seconds(), "settled", warmUp.settled(), "jitCpuShareByWindow",
                warmUp.compilerShares().stream().map(BenchReport::finite).toList(),
                "settledAtMost", Bench.SETTLED_COMPILER_SHARE));
        root.put("rawFramesPerSecond", rawFps);
        root.put("pipelineFramesPerSecond", pipelineFps());
        root.put("pipelineOverRaw", pipelineFps() / rawFps);
        root.put("knee", knee.isPresent() ? knee.getAsInt() : null);
        root.put("kneeRule", Map.of("p99MsAtMost", Knee.P99_LIMIT_MS, "answeredFractionAtLeast", Knee.MIN_ANSWERED));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StepResult s : steps) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sessions", s.sessions());
            row.put("offeredFps", s.offeredFps());
            row.put("sentFps", s.sentFps());
            row.put("answeredFps", s.answeredFps());
            row.put("cameraFrames", s.cameraFrames());
            row.put("framesSent", s.framesSent());
            row.put("framesAnswered", s.framesAnswered());
            row.put("framesLost", s.framesLost());
            row.put("answeredFraction", s.answeredFraction());
            row.put("roundTripMs", Map.of("p50", finite(s.roundTripPercentile(50)), "p95", finite(s.roundTripPercentile(95)),
                    "p99", finite(s.roundTripPercentile(99)), "max", finite(s.roundTripMax())));
            row.put("sessionsDecided", s.sessionsDecided());
            row.put("decisionsPerSecond", s.decisionsPerSecond());
            row.put("serverCpuSecondsPerDecision", finite(s.serverCpuSecondsPerDecision()));
            row.put("serverPlumbingShare", finite(s.serverPlumbingShare()));
            row.put("errors", s.errors());
            row.put("dropped", s.dropped());
            row.put("droppedUnread", List.copyOf(s.droppedUnread()));
            row.put("coresBusy", s.coresBusy());
            row.put("cpuMsPerAnsweredFrameAll", finite(s.cpuMillisPerAnsweredFrame()));
            row.put("cpuBoundFps", finite(s.cpuBoundFps(cores())));
            row.put("jitCpuShare", finite(s.compilerShare()));
            Map<String, Double> cpu = new LinkedHashMap<>();
            parts().forEach(part -> cpu.put(part, finite(s.cpuMillisPerAnsweredFrame(part))));
            row.put("cpuMsPerAnsweredFrame", cpu);
            Map<String, Double> compiling = new LinkedHashMap<>();
            parts().forEach(part -> compiling.put(part, finite(s.compilerCpuMillisPerAnsweredFrame(part))));
            row.put("jitCompilerCpuMsPerAnsweredFrame", compiling);
            rows.add(row);
        }
        root.put("steps", rows);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    /** JSON has no NaN: a figure that does not exist (no answered frame) is null. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    String html() {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Likeness bench</title>
                <style>body{font:14px system-ui,sans-serif;margin:2em}p{max-width:60em}table{border-collapse:collapse;margin:1em 0}
                td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}th{background:#f4f4f4}svg{margin:1em 0}</style></head><body>
                """);
        html.append("<h1>Likeness bench</h1>");
        html.append(String.format(Locale.ROOT, "<p>%s sessions at %d camera frames/s, %d s a step, images %s.</p>",
                settings.kind().name().toLowerCase(Locale.ROOT), settings.fps(), settings.duration().toSeconds(),
                escape(settings.images().toString())));
        html.append(String.format(Locale.ROOT,
                "<p>Pipeline throughput %.1f frames/s (best step) / raw throughput %.1f frames/s = <b>%.2f</b>. "
                        + "Knee (p99 &le; %.0f ms, &ge; %.0f%% answered): <b>%s</b>.</p>", pipelineFps(), rawFps, pipelineFps() / rawFps,
                Knee.P99_LIMIT_MS, 100 * Knee.MIN_ANSWERED, knee.isPresent() ? knee.getAsInt() + " sessions" : "none"));
        html.append(String.format(Locale.ROOT, "<p>Warm-up, not recorded: %s after %.0f s (the JIT compilers' share of all CPU, "
                        + "window by window: %s; settled at &le; %.0f%%).</p>", warmUp.settled() ? "settled" : "still compiling",
                        warmUp.seconds(),
                warmUp.compilerShares().isEmpty() ? "none" : String.join(", ", warmUp.compilerShares().stream()
                        .map(share -> String.format(Locale.ROOT, "%.0f%%", 100 * share)).toList()), 100 * Bench.SETTLED_COMPILER_SHARE));
        html.append(chart("Round trip (ms) versus sessions", List.of(
                new Series("p50", "#1b9e77", s -> s.roundTripPercentile(50)),
                new Series("p95", "#d95f02", s -> s.roundTripPercentile(95)),
                new Series("p99", "#7570b3", s -> s.roundTripPercentile(99)))));
        html.append(chart("Frames per second versus sessions", List.of(
                new Series("offered", "#999999", StepResult::offeredFps),
                new Series("sent", "#e7298a", StepResult::sentFps),
                new Series("answered", "#66a61e", StepResult::answeredFps),
                new Series("CPU bound", "#333333", s -> s.cpuBoundFps(cores())))));
        html.append("<table><tr><th>sessions</th><th>offered/s</th><th>sent/s</th><th>answered/s</th><th>p50 ms</th><th>p95 ms</th>"
                + "<th>p99 ms</th><th>max ms</th><th>answered</th><th>decided</th><th>errors</th><th>dropped</th><th>CPU ms a frame, "
                + "all</th>"
                + "<th>CPU-bound frames/s</th><th>JIT share</th></tr>");
        for (StepResult s : steps) {
            html.append(String.format(Locale.ROOT,
                    "<tr><td>%d</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.0f</td><td>%.0f</td><td>%.0f</td>"
                            + "<td>%.0f</td><td>%.1f%%</td><td>%d</td><td>%s</td><td>%s</td><td>%.1f</td><td>%.1f</td><td>%.0f%%</td></tr>",
                    s.sessions(), s.offeredFps(), s.sentFps(), s.answeredFps(), s.roundTripPercentile(50), s.roundTripPercentile(95),
                    s.roundTripPercentile(99), s.roundTripMax(), 100 * s.answeredFraction(), s.sessionsDecided(),
                    escape(s.errors().toString()),
                    escape(s.dropped() + (s.droppedUnread().isEmpty() ? "" : " (not read: " + String.join(", ", s.droppedUnread()) + ")")),
                    s.cpuMillisPerAnsweredFrame(), s.cpuBoundFps(cores()), 100 * s.compilerShare()));
        }
        html.append("</table><h2>CPU ms per answered frame, by process (of which its JIT compiler "
                + "threads)</h2><table><tr><th>sessions</th>");
        parts().forEach(part -> html.append("<th>").append(escape(part)).append("</th>"));
        html.append("</tr>");
        for (StepResult s : steps) {
            html.append("<tr><td>").append(s.sessions()).append("</td>");
            parts().forEach(part -> html.append(String.format(Locale.ROOT, "<td>%.1f (%.1f)</td>", s.cpuMillisPerAnsweredFrame(part),
                    s.compilerCpuMillisPerAnsweredFrame(part))));
            html.append("</tr>");
        }
        return html.append("</table></body></html>\n").toString();
    }

    private record Series(String name, String colour, ToDoubleFunction<StepResult> value) {
    }

    /** A line chart over the steps (x: session count, evenly spaced as swept; y: from 0 to the largest value). */
    private String chart(String title, List<Series> series) {
        int width = 640, height = 280, left = 60, right = 110, top = 30, bottom = 40;
        double max = 0;
        for (Series line : series) {
            for (StepResult s : steps) {
                double v = line.value().applyAsDouble(s);
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        double plotWidth = width - left - right, plotHeight = height - top - bottom;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">", width, height,
                escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-weight=\"bold\">%s</text>", left, escape(title)));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", left,
                top + (int) plotHeight, left + (int) plotWidth, top + (int) plotHeight));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", left, top, left,
                top + (int) plotHeight));
        for (int tick = 0; tick <= 4; tick++) {
            double y = top + plotHeight - plotHeight * tick / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\" font-size=\"11\">%.0f</text>", left - 6,
                    y + 4, max * tick / 4));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#eee\"/>", left, y,
                    left + plotWidth, y));
        }
        int n = steps.size();
        for (int i = 0; i < n; i++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%d</text>",
                    x(i, n, left, plotWidth), height - bottom + 16, steps.get(i).sessions()));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">sessions</text>",
                left + plotWidth / 2, height - 6));
        int legend = 0;
        for (Series line : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double v = line.value().applyAsDouble(steps.get(i));
                if (Double.isFinite(v)) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, n, left, plotWidth),
                            top + plotHeight - plotHeight * v / max));
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
                    line.colour(), points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" fill=\"%s\" font-size=\"12\">%s</text>",
                    left + plotWidth + 12, top + 14 + 18 * legend++,
                    line.colour(), escape(line.name())));
        }
        return svg.append("</svg>").toString();
    }

    private static double x(int i, int n, int left, double plotWidth) {
        return n == 1 ? left + plotWidth / 2 : left + plotWidth * i / (n - 1);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
