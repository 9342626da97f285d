package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.Outcome;
import dev.stampede.bench.load.OutcomeCounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a {@link BenchReport} as one self-contained HTML page, readable offline: tables, and charts drawn by uPlot,
 * the chart library of the live dashboard, inlined with the charts' data and script; no external resource.
 */
public final class HtmlReport {

    private static final int MAX_LABEL_CHARS = 24;

    private static final Map<String, ToDoubleFunction<LatencySummary>> PERCENTILES = percentiles();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final ChartLibrary CHART_LIBRARY = ChartLibrary.load();

    private static final String STYLE = """
            :root { --fg: #1f2328; --muted: #59636e; --line: #d8dee4; --fail: #c62828; --fail-bg: #fdecea; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #f6f8fa; color: var(--fg);
                   font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            main { max-width: 1200px; margin: 0 auto; padding: 24px; }
            h1 { font-size: 24px; margin: 0 0 4px; }
            h2 { font-size: 17px; margin: 0 0 12px; }
            section { background: #fff; border: 1px solid var(--line); border-radius: 8px;
                      padding: 16px 20px; margin: 16px 0; }
            .meta { color: var(--muted); margin: 0 0 12px; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
            th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
            th { background: #f6f8fa; font-weight: 600; white-space: nowrap; }
            .text { text-align: left; }
            .audit { min-width: 200px; }
            tr.failed td { background: var(--fail-bg); }
            .badge { display: inline-block; padding: 0 7px; border-radius: 4px; font-size: 12px; font-weight: 700; }
            .passed { background: #dcf5e3; color: #1a7f37; }
            .failed-badge { background: var(--fail); color: #fff; }
            .problems { margin: 4px 0 0; padding-left: 18px; color: var(--fail); text-align: left; }
            .notes { margin: 4px 0 0; padding-left: 18px; color: var(--muted); text-align: left; }
            .alert { background: var(--fail); color: #fff; font-weight: 700; padding: 10px 16px;
                     border-radius: 6px; margin: 12px 0; }
            .empty { color: var(--muted); }
            .chart { min-height: 320px; }
            """;

    private HtmlReport() {}

    private static Map<String, ToDoubleFunction<LatencySummary>> percentiles() {
        Map<String, ToDoubleFunction<LatencySummary>> percentiles = new LinkedHashMap<>();
        percentiles.put("p50", LatencySummary::medMs);
        percentiles.put("p90", LatencySummary::p90Ms);
        percentiles.put("p95", LatencySummary::p95Ms);
        percentiles.put("p99", LatencySummary::p99Ms);
        return percentiles;
    }

    public static String render(BenchReport report) {
        List<RunResult> runs = report.runs() == null ? List.of() : report.runs();
        String scenario = report.scenario() == null ? "bench" : report.scenario();
        var html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Stampede: ")
                .append(esc(scenario))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n");
        header(html, report, scenario, runs);
        runsTable(html, runs);
        seatHoldsTable(html, runs);
        adaptiveSwitchesTable(html, runs);
        mediansTable(html, runs);
        charts(html, runs);
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    public static void write(BenchReport report, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HTML report to " + file, e);
        }
    }

    // ---- page sections ---------------------------------------------------------------------------------------

    private static void header(StringBuilder html, BenchReport report, String scenario, List<RunResult> runs) {
        html.append("<section>\n<h1>Stampede bench: ").append(esc(scenario)).append("</h1>\n");
        List<String> meta = new ArrayList<>();
        if (report.startedAt() != null && !report.startedAt().isBlank()) {
            meta.add("Started " + report.startedAt());
        }
        if (report.machine() != null && !report.machine().isBlank()) {
            meta.add(report.machine());
        }
        if (!meta.isEmpty()) {
            html.append("<p class=\"meta\">")
                    .append(esc(String.join(" \u00b7 ", meta)))
                    .append("</p>\n");
        }
        if (report.ceilingRps() != null) {
            html.append("<p>Harness ceiling: <strong>")
                    .append(fmt(report.ceilingRps(), 1))
                    .append(" req/s</strong> (the same load against a no-op endpoint)</p>\n");
        }
        List<String> failed = runs.stream()
                .filter(run -> run.audit() != null && !run.audit().passed())
                .map(HtmlReport::label)
                .toList();
        if (!failed.isEmpty()) {
            html.append("<div class=\"alert\">&#x2716; ")
                    .append(failed.size())
                    .append(" of ")
                    .append(runs.size())
                    .append(" runs FAILED the audit: ")
                    .append(esc(String.join(", ", failed)))
                    .append("</div>\n");
        }
        Map<String, Object> parameters = report.parameters() == null ? Map.of() : report.parameters();
        if (!parameters.isEmpty()) {
            html.append("<table>\n<tr><th class=\"text\">Parameter</th><th class=\"text\">Value</th></tr>\n");
            parameters.forEach((key, value) -> html.append("<tr><td class=\"text\">")
                    .append(esc(key))
                    .append("</td><td class=\"text\">")
                    .append(esc(String.valueOf(value)))
                    .append("</td></tr>\n"));
            html.append("</table>\n");
        }
        html.append("</section>\n");
    }

    private static void runsTable(StringBuilder html, List<RunResult> runs) {
        html.append("<section>\n<h2>Runs</h2>\n");
        if (runs.isEmpty()) {
            html.append("<p class=\"empty\">No runs.</p>\n</section>\n");
            return;
        }
        html.append("<div class=\"scroll\"><table>\n<tr><th class=\"text\">Strategy</th><th>Run</th>")
                .append("<th>Requests</th><th>req/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th>")
                .append("<th>max ms</th><th>dropped</th><th>success</th><th>sold_out</th><th>busy</th>")
                .append("<th>outcome_unknown</th>")
                .append("<th>errors</th><th class=\"text audit\">Audit</th></tr>\n");
        for (RunResult run : runs) {
            LatencySummary latency = latency(run);
            OutcomeCounts outcomes = outcomes(run);
            rowStart(html, run);
            cells(
                    html,
                    String.valueOf(run.run()),
                    count(run.requests()),
                    fmt(run.rps(), 1),
                    fmt(latency.medMs(), 2),
                    fmt(latency.p95Ms(), 2),
                    fmt(latency.p99Ms(), 2),
                    fmt(latency.maxMs(), 2),
                    dropped(run),
                    count(outcomes.success()),
                    count(outcomes.soldOut()),
                    count(outcomes.busy()),
                    count(outcomes.outcomeUnknown()),
                    count(outcomes.errors()));
            html.append("<td class=\"text audit\">")
                    .append(audit(run.audit(), SeatHoldFigures.of(run).isPresent() ? "double booked" : "oversold"))
                    .append("</td></tr>\n");
        }
        html.append("</table></div>\n</section>\n");
    }

    /** Seed 002's k6 metrics per run, for the runs that have them (the seat-holds scenario). */
    private static void seatHoldsTable(StringBuilder html, List<RunResult> runs) {
        List<RunResult> withSeats =
                runs.stream().filter(run -> SeatHoldFigures.of(run).isPresent()).toList();
        if (withSeats.isEmpty()) {
            return;
        }
        html.append("<section>\n<h2>Seat holds: seed 002's metrics</h2>\n")
                .append("<p>Columns in seed 002's k6 names: seat_lock_success, seat_lock_conflict, seat_lock_error")
                .append(" (hold requests answered 201, 409, anything else), seat_lock_success_rate, lock_seats and")
                .append(" release_seats latency, http_req_failed (requests with no answer or an unexpected")
                .append(" status, among all requests).</p>\n<div class=\"scroll\"><table>\n")
                .append("<tr><th class=\"text\">Strategy</th><th>Run</th><th>success</th><th>conflict</th>")
                .append("<th>error</th><th>success rate</th><th>lock p95 ms</th><th>lock p99 ms</th>")
                .append("<th>release p95 ms</th><th>release p99 ms</th><th>http_req_failed</th></tr>\n");
        for (RunResult run : withSeats) {
            SeatHoldFigures seats = SeatHoldFigures.of(run).orElseThrow();
            rowStart(html, run);
            cells(
                    html,
                    String.valueOf(run.run()),
                    count(seats.success()),
                    count(seats.conflict()),
                    count(seats.error()),
                    fmt(100 * seats.successRate(), 2) + "%",
                    fmt(seats.lockSeats().p95Ms(), 2),
                    fmt(seats.lockSeats().p99Ms(), 2),
                    fmt(seats.releaseSeats().p95Ms(), 2),
                    fmt(seats.releaseSeats().p99Ms(), 2),
                    fmt(100 * seats.httpReqFailed(), 2) + "%");
            html.append("</tr>\n");
        }
        html.append("</table></div>\n</section>\n");
    }

    /** The SKUs the {@code adaptive} strategy switched per run, for the runs that counted them. */
    private static void adaptiveSwitchesTable(StringBuilder html, List<RunResult> runs) {
        List<RunResult> withSwitches = runs.stream()
                .filter(run -> AdaptiveSwitchFigures.of(run).isPresent())
                .toList();
        if (withSwitches.isEmpty()) {
            return;
        }
        html.append("<section>\n<h2>Adaptive switches</h2>\n")
                .append("<p>SKUs the <code>adaptive</code> strategy switched during the run, from the service's")
                .append(" <code>stampede_adaptive_switches_total{direction}</code>: escalated to the batched path,")
                .append(" stepped down to optimistic.</p>\n<div class=\"scroll\"><table>\n")
                .append("<tr><th class=\"text\">Strategy</th><th>Run</th><th>escalated</th>")
                .append("<th>stepped down</th></tr>\n");
        for (RunResult run : withSwitches) {
            AdaptiveSwitchFigures switches = AdaptiveSwitchFigures.of(run).orElseThrow();
            rowStart(html, run);
            cells(html, String.valueOf(run.run()), count(switches.escalated()), count(switches.steppedDown()));
            html.append("</tr>\n");
        }
        html.append("</table></div>\n</section>\n");
    }

    /** Opens a run's row (marked when its audit failed) with its strategy cell. */
    private static void rowStart(StringBuilder html, RunResult run) {
        boolean failed = run.audit() != null && !run.audit().passed();
        html.append(failed ? "<tr class=\"failed\">" : "<tr>")
                .append("<td class=\"text\">")
                .append(esc(orDash(run.strategy())))
                .append("</td>");
    }

    /** {@code violations}: what the audit's oversold count means in this scenario (seat holds: seats booked twice). */
    private static String audit(AuditVerdict audit, String violations) {
        if (audit == null) {
            return "<span class=\"empty\">not audited</span>";
        }
        var cell = new StringBuilder(
                audit.passed()
                        ? "<span class=\"badge passed\">PASSED</span>"
                        : "<span class=\"badge failed-badge\">FAILED</span>");
        if (audit.oversold() != null) {
            cell.append(' ').append(violations).append(": ").append(audit.oversold() > 0 ? "<strong>" : "");
            cell.append(count(audit.oversold())).append(audit.oversold() > 0 ? "</strong>" : "");
        }
        List<String> problems = audit.problems() == null ? List.of() : audit.problems();
        if (!problems.isEmpty()) {
            cell.append(audit.passed() ? "<ul class=\"notes\">" : "<ul class=\"problems\">");
            problems.forEach(problem -> cell.append("<li>").append(esc(problem)).append("</li>"));
            cell.append("</ul>");
        }
        return cell.toString();
    }

    private static void mediansTable(StringBuilder html, List<RunResult> runs) {
        Map<String, List<RunResult>> byStrategy = new LinkedHashMap<>();
        runs.forEach(run -> byStrategy
                .computeIfAbsent(orDash(run.strategy()), key -> new ArrayList<>())
                .add(run));
        if (byStrategy.values().stream().noneMatch(group -> group.size() > 1)) {
            return;
        }
        html.append("<section>\n<h2>Per-strategy medians</h2>\n<div class=\"scroll\"><table>\n")
                .append("<tr><th class=\"text\">Strategy</th><th>Runs</th><th>median req/s</th>")
                .append("<th>median p95 ms</th><th>median p99 ms</th><th>median dropped</th>")
                .append("<th>failed audits</th></tr>\n");
        byStrategy.forEach((strategy, group) -> {
            long failed = group.stream()
                    .filter(run -> run.audit() != null && !run.audit().passed())
                    .count();
            html.append(failed > 0 ? "<tr class=\"failed\">" : "<tr>")
                    .append("<td class=\"text\">")
                    .append(esc(strategy))
                    .append("</td>");
            cells(
                    html,
                    String.valueOf(group.size()),
                    fmt(median(group, RunResult::rps), 1),
                    fmt(median(group, run -> latency(run).p95Ms()), 2),
                    fmt(median(group, run -> latency(run).p99Ms()), 2),
                    fmt(100.0 * median(group, RunResult::droppedShare), 2) + "%",
                    String.valueOf(failed));
            html.append("</tr>\n");
        });
        html.append("</table></div>\n</section>\n");
    }

    // ---- charts ----------------------------------------------------------------------------------------------

    /**
     * The charts' data, one JSON object: {@code runs} (each run's label), {@code percentiles} (p50, p90, p95, p99 in ms
     * per run), {@code throughput} (seconds since the start, and completed requests per second per run), {@code
     * blocked} (checkout runs: units blocked over time, {@link #blockedStock}) and {@code outcomes} (requests per
     * outcome per run). Inside a {@code <script>} element, so {@code <} is written as {@code
     * backslash-u003c}: no text in it can end the element.
     */
    private static String chartData(List<RunResult> runs) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runs", runs.stream().map(HtmlReport::label).toList());
        Map<String, List<Double>> percentiles = new LinkedHashMap<>();
        PERCENTILES.forEach((name, value) -> percentiles.put(
                name,
                runs.stream()
                        .map(run -> finite(value.applyAsDouble(latency(run))))
                        .toList()));
        data.put("percentiles", percentiles);
        int samples =
                runs.stream().mapToInt(run -> throughput(run).size()).max().orElse(0);
        double step = runs.stream().mapToDouble(HtmlReport::bucketSeconds).max().orElse(1);
        List<Double> seconds = new ArrayList<>();
        for (int i = 1; i <= samples; i++) {
            seconds.add(i * step);
        }
        List<List<Double>> lines = new ArrayList<>();
        for (RunResult run : runs) {
            List<Double> line = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                line.add(i < throughput(run).size() ? finite(throughput(run).get(i)) : null);
            }
            lines.add(line);
        }
        data.put("throughput", Map.of("seconds", seconds, "rps", lines));
        data.put("blocked", blockedStock(runs));
        Map<String, List<Long>> outcomes = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(
                    outcome.label(),
                    runs.stream().map(run -> outcomes(run).of(outcome)).toList());
        }
        data.put("outcomes", outcomes);
        return JSON.writeValueAsString(data).replace("<", "\\u003c");
    }

    /**
     * The checkout runs' stock blocked over time ({@link CheckoutFigures#BLOCKED_UNITS}): {@code seconds} (the finest
     * step of the runs, up to the longest run) and {@code units}, one line per run (null where a run has no sample:
     * another scenario, or past its end). A run's value at an instant is its sample at or before it.
     */
    private static Map<String, Object> blockedStock(List<RunResult> runs) {
        List<Timeline> timelines = runs.stream()
                .map(run -> run.timelines().get(CheckoutFigures.BLOCKED_UNITS))
                .toList();
        long step = timelines.stream()
                .filter(t -> t != null)
                .mapToLong(Timeline::stepMillis)
                .min()
                .orElse(1);
        long span = timelines.stream()
                .filter(t -> t != null)
                .mapToLong(t -> (t.values().size() - 1) * t.stepMillis())
                .max()
                .orElse(-1);
        List<Double> seconds = new ArrayList<>();
        for (long at = 0; at <= span; at += step) {
            seconds.add(at / 1000.0);
        }
        List<List<Long>> units = new ArrayList<>();
        for (Timeline timeline : timelines) {
            List<Long> line = new ArrayList<>();
            for (int i = 0; i < seconds.size(); i++) {
                int sample = timeline == null ? -1 : (int) (i * step / timeline.stepMillis());
                line.add(
                        timeline == null || sample >= timeline.values().size()
                                ? null
                                : timeline.values().get(sample));
            }
            units.add(line);
        }
        return Map.of("seconds", seconds, "units", units);
    }

    /** The charts, drawn in the page by the vendored uPlot (the dashboard's library), inlined with its stylesheet. */
    private static void charts(StringBuilder html, List<RunResult> runs) {
        chartSection(html, "latency", "Latency percentiles per strategy", runs.isEmpty() ? "No runs to chart." : null);
        boolean sampled = runs.stream().anyMatch(run -> !throughput(run).isEmpty());
        chartSection(html, "throughput", "Throughput over time", sampled ? null : "No throughput samples.");
        if (runs.stream().anyMatch(run -> run.timelines().containsKey(CheckoutFigures.BLOCKED_UNITS))) {
            chartSection(
                    html, "blocked", "Stock blocked over time (units reserved, not yet confirmed or released)", null);
        }
        chartSection(html, "outcomes", "Outcomes per strategy", runs.isEmpty() ? "No runs to chart." : null);
        html.append("<style>\n")
                .append(CHART_LIBRARY.style())
                .append("</style>\n<script type=\"application/json\" id=\"chart-data\">")
                .append(chartData(runs))
                .append("</script>\n<script>\n")
                .append(CHART_LIBRARY.script())
                .append("\n</script>\n<script>\n")
                .append(CHART_LIBRARY.charts())
                .append("\n</script>\n");
    }

    private static void chartSection(StringBuilder html, String id, String title, String emptyMessage) {
        html.append("<section>\n<h2>").append(esc(title)).append("</h2>\n");
        if (emptyMessage != null) {
            html.append("<p class=\"empty\">").append(esc(emptyMessage)).append("</p>\n");
        } else {
            html.append("<div class=\"chart\" id=\"chart-").append(id).append("\"></div>\n");
        }
        html.append("</section>\n");
    }

    /**
     * uPlot as the dashboard serves it (the server's {@code static/dashboard/vendor/uplot/}, on this module's class
     * path: one copy of the library in the codebase), and the report's own script that draws the three charts.
     */
    private record ChartLibrary(String script, String style, String charts) {

        static ChartLibrary load() {
            return new ChartLibrary(
                    resource("/static/dashboard/vendor/uplot/uPlot.iife.min.js"),
                    resource("/static/dashboard/vendor/uplot/uPlot.min.css"),
                    resource("/dev/stampede/bench/report/report-charts.js"));
        }

        private static String resource(String name) {
            try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + name);
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (text.toLowerCase(Locale.ROOT).contains("</script")) {
                    throw new IllegalStateException(name + " would end its <script> element");
                }
                return text;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---- small helpers ---------------------------------------------------------------------------------------

    /** The run's name in charts: strategy and run number, shortened so it cannot swamp the layout. */
    private static String label(RunResult run) {
        String strategy = orDash(run.strategy());
        if (strategy.length() > MAX_LABEL_CHARS) {
            strategy = strategy.substring(0, MAX_LABEL_CHARS - 1) + "\u2026";
        }
        return strategy + " #" + run.run();
    }

    private static LatencySummary latency(RunResult run) {
        return run.latency() == null ? LatencySummary.EMPTY : run.latency();
    }

    private static OutcomeCounts outcomes(RunResult run) {
        return run.outcomes() == null ? new OutcomeCounts(0, 0, 0, 0, 0, 0) : run.outcomes();
    }

    private static List<Double> throughput(RunResult run) {
        return run.throughput() == null ? List.of() : run.throughput();
    }

    private static double bucketSeconds(RunResult run) {
        return (run.bucketMillis() > 0 ? run.bucketMillis() : 1000) / 1000.0;
    }

    private static double median(List<RunResult> runs, ToDoubleFunction<RunResult> metric) {
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static void cells(StringBuilder html, String... values) {
        for (String value : values) {
            html.append("<td>").append(esc(value)).append("</td>");
        }
    }

    private static double finite(Double value) {
        return value == null || !Double.isFinite(value) ? 0 : value;
    }

    private static String fmt(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,." + decimals + "f", value) : "\u2013";
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Arrivals the open model dropped, with their share of all arrivals. */
    private static String dropped(RunResult run) {
        return String.format(Locale.ROOT, "%,d (%.2f%%)", run.droppedIterations(), 100.0 * run.droppedShare());
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "\u2013" : value;
    }

    private static String esc(String text) {
        var escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
