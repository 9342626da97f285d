package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.Outcome;
import dev.stampede.bench.load.OutcomeCounts;
import java.io.IOException;
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

/**
 * Renders a {@link BenchReport} as one self-contained HTML page: tables plus inline SVG charts, no script, no
 * external resource, readable offline.
 */
public final class HtmlReport {

    private static final double WIDTH = 960;
    private static final double LEFT = 64;
    private static final double RIGHT = 24;
    private static final double CHAR_PX = 6.5;
    private static final int MAX_LABEL_CHARS = 24;

    private static final List<String> RUN_COLOURS = List.of(
            "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
            "#7f7f7f");

    private static final List<Series> PERCENTILES = List.of(
            new Series("p50", "#a6cee3", LatencySummary::medMs),
            new Series("p90", "#5b9bd5", LatencySummary::p90Ms),
            new Series("p95", "#2a6fb0", LatencySummary::p95Ms),
            new Series("p99", "#123f73", LatencySummary::p99Ms));

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
            svg { display: block; width: 100%; height: auto; }
            svg text { font-size: 11px; fill: var(--fg); }
            svg .axis { stroke: #8c959f; }
            svg .grid { stroke: #eaeef2; }
            svg .muted { fill: var(--muted); }
            """;

    private HtmlReport() {}

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
        mediansTable(html, runs);
        section(html, "Latency percentiles per strategy", latencyChart(runs));
        section(html, "Throughput over time", throughputChart(runs));
        section(html, "Outcomes per strategy", outcomesChart(runs));
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

    private static void section(StringBuilder html, String title, String svg) {
        html.append("<section>\n<h2>")
                .append(esc(title))
                .append("</h2>\n")
                .append(svg)
                .append("</section>\n");
    }

    // ---- charts ----------------------------------------------------------------------------------------------

    private static String latencyChart(List<RunResult> runs) {
        if (runs.isEmpty()) {
            return emptyChart("Latency percentiles", "No runs to chart.");
        }
        var svg = new StringBuilder();
        double top = legend(
                        svg,
                        PERCENTILES.stream()
                                .map(s -> new Key(s.name(), s.colour()))
                                .toList())
                + 24;
        double labelPx =
                runs.stream().mapToDouble(run -> textPx(label(run))).max().orElse(0);
        double groupWidth = (WIDTH - LEFT - RIGHT) / runs.size();
        boolean rotate = labelPx > groupWidth - 8;
        // rotated labels hang down to the left of their group: leave room for the first one
        double left = rotate ? Math.max(LEFT, labelPx * 0.82 - groupWidth / 2 + 8) : LEFT;
        var plot = new Frame(left, top, WIDTH - left - RIGHT, 260);
        groupWidth = plot.width() / runs.size();
        double max = runs.stream()
                .mapToDouble(run -> PERCENTILES.stream()
                        .mapToDouble(s -> finite(s.value().applyAsDouble(latency(run))))
                        .max()
                        .orElse(0))
                .max()
                .orElse(0);
        Scale y = Scale.of(max);
        yAxis(svg, plot, y, "ms");
        double barWidth = Math.min(28, groupWidth * 0.8 / PERCENTILES.size());
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            double groupX = plot.x() + i * groupWidth;
            double barX = groupX + (groupWidth - barWidth * PERCENTILES.size()) / 2;
            for (Series series : PERCENTILES) {
                double value = finite(series.value().applyAsDouble(latency(run)));
                double height = plot.height() * value / y.max();
                svg.append(rect(barX, plot.bottom() - height, barWidth, height, series.colour()))
                        .append("<title>")
                        .append(esc(label(run) + " " + series.name() + ": " + fmt(value, 2) + " ms"))
                        .append("</title></rect>\n");
                barX += barWidth;
            }
            xLabel(svg, groupX + groupWidth / 2, plot.bottom() + 16, label(run), rotate);
        }
        double bottom = rotate ? 20 + labelPx * 0.6 : 32;
        return svg("Latency percentiles per run, in milliseconds", plot.bottom() + bottom, svg);
    }

    private static String throughputChart(List<RunResult> runs) {
        double seconds = runs.stream()
                .mapToDouble(run -> throughput(run).size() * bucketSeconds(run))
                .max()
                .orElse(0);
        if (seconds <= 0) {
            return emptyChart("Throughput over time", "No throughput samples.");
        }
        var svg = new StringBuilder();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            keys.add(new Key(label(runs.get(i)), runColour(i)));
        }
        double top = legend(svg, keys) + 24;
        var plot = new Frame(LEFT, top, WIDTH - LEFT - RIGHT, 260);
        double max = runs.stream()
                .flatMap(run -> throughput(run).stream())
                .mapToDouble(HtmlReport::finite)
                .max()
                .orElse(0);
        Scale y = Scale.of(max);
        Scale x = Scale.of(seconds);
        yAxis(svg, plot, y, "req/s");
        for (int i = 0; i <= x.ticks(); i++) {
            double value = i * x.step();
            double px = plot.x() + plot.width() * value / x.max();
            svg.append(line(px, plot.bottom(), px, plot.bottom() + 4, "axis"));
            svg.append(text(px, plot.bottom() + 17, "middle", x.label(value)));
        }
        svg.append(text(plot.right(), plot.bottom() + 32, "end", "seconds since start"));
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            List<Double> samples = throughput(run);
            var points = new StringBuilder();
            for (int j = 0; j < samples.size(); j++) {
                double px = plot.x() + plot.width() * (j + 0.5) * bucketSeconds(run) / x.max();
                double py = plot.bottom() - plot.height() * finite(samples.get(j)) / y.max();
                points.append(num(px)).append(',').append(num(py)).append(' ');
            }
            String colour = runColour(i);
            String dash = i >= RUN_COLOURS.size() ? " stroke-dasharray=\"6 3\"" : "";
            svg.append("<polyline fill=\"none\" stroke=\"")
                    .append(colour)
                    .append("\" stroke-width=\"2\" stroke-linejoin=\"round\"")
                    .append(dash)
                    .append(" points=\"")
                    .append(points.toString().strip())
                    .append("\"><title>")
                    .append(esc(label(run)))
                    .append("</title></polyline>\n");
            if (samples.size() == 1) {
                String[] point = points.toString().strip().split(",");
                svg.append("<circle cx=\"")
                        .append(point[0])
                        .append("\" cy=\"")
                        .append(point[1])
                        .append("\" r=\"3.5\" fill=\"")
                        .append(colour)
                        .append("\"/>\n");
            }
        }
        return svg("Completed requests per second over time, one line per run", plot.bottom() + 44, svg);
    }

    private static String outcomesChart(List<RunResult> runs) {
        if (runs.isEmpty()) {
            return emptyChart("Outcomes", "No runs to chart.");
        }
        var svg = new StringBuilder();
        List<Key> keys = new ArrayList<>();
        for (Outcome outcome : Outcome.values()) {
            keys.add(new Key(outcome.label(), outcomeColour(outcome)));
        }
        double top = legend(svg, keys) + 16;
        double left = Math.max(
                LEFT, runs.stream().mapToDouble(run -> textPx(label(run))).max().orElse(0) + 16);
        double rowHeight = 28;
        var plot = new Frame(left, top, WIDTH - left - RIGHT, rowHeight * runs.size());
        long max = runs.stream().mapToLong(run -> outcomes(run).total()).max().orElse(0);
        Scale x = Scale.of(max);
        for (int i = 0; i <= x.ticks(); i++) {
            double value = i * x.step();
            double px = plot.x() + plot.width() * value / x.max();
            svg.append(line(px, plot.y(), px, plot.bottom(), i == 0 ? "axis" : "grid"));
            svg.append(text(px, plot.bottom() + 16, "middle", x.label(value)));
        }
        svg.append(text(plot.right(), plot.bottom() + 32, "end", "requests"));
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            OutcomeCounts counts = outcomes(run);
            double rowY = plot.y() + i * rowHeight;
            svg.append(text(plot.x() - 8, rowY + rowHeight / 2 + 4, "end", label(run)));
            double barX = plot.x();
            for (Outcome outcome : Outcome.values()) {
                long value = counts.of(outcome);
                double width = plot.width() * value / x.max();
                if (value <= 0) {
                    continue;
                }
                String share = fmt(100.0 * value / counts.total(), 1);
                svg.append(rect(barX, rowY + 5, width, rowHeight - 10, outcomeColour(outcome)))
                        .append("<title>")
                        .append(esc(label(run) + " " + outcome.label() + ": " + count(value) + " (" + share + "%)"))
                        .append("</title></rect>\n");
                barX += width;
            }
        }
        return svg("Request outcomes per run, stacked", plot.bottom() + 44, svg);
    }

    // ---- SVG helpers -----------------------------------------------------------------------------------------

    private record Frame(double x, double y, double width, double height) {
        double bottom() {
            return y + height;
        }

        double right() {
            return x + width;
        }
    }

    private record Series(String name, String colour, ToDoubleFunction<LatencySummary> value) {}

    private record Key(String name, String colour) {}

    /** A linear axis from 0 to {@code max} in about eight "nice" steps of 1, 2 or 5 times a power of ten. */
    private record Scale(double max, double step) {
        static Scale of(double rawMax) {
            if (!(rawMax > 0) || !Double.isFinite(rawMax)) {
                return new Scale(1, 0.2);
            }
            double rough = rawMax / 8;
            double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
            double ratio = rough / magnitude;
            double step = (ratio <= 1 ? 1 : ratio <= 2 ? 2 : ratio <= 5 ? 5 : 10) * magnitude;
            return new Scale(Math.ceil(rawMax / step - 1e-9) * step, step);
        }

        int ticks() {
            return (int) Math.round(max / step);
        }

        String label(double value) {
            int decimals = (int) Math.max(0, -Math.floor(Math.log10(step)));
            return String.format(Locale.ROOT, "%,." + decimals + "f", value);
        }
    }

    /** Draws the keys in rows at the top of the chart and returns the height they took. */
    private static double legend(StringBuilder svg, List<Key> keys) {
        double x = LEFT;
        double y = 8;
        for (Key key : keys) {
            double width = 14 + 6 + textPx(key.name()) + 18;
            if (x > LEFT && x + width > WIDTH - RIGHT) {
                x = LEFT;
                y += 20;
            }
            svg.append(rect(x, y, 14, 14, key.colour())).append("</rect>\n");
            svg.append(text(x + 20, y + 11, "start", key.name()));
            x += width;
        }
        return y + 14;
    }

    private static void yAxis(StringBuilder svg, Frame plot, Scale y, String unit) {
        for (int i = 0; i <= y.ticks(); i++) {
            double value = i * y.step();
            double py = plot.bottom() - plot.height() * value / y.max();
            svg.append(line(plot.x(), py, plot.right(), py, i == 0 ? "axis" : "grid"));
            svg.append(text(plot.x() - 6, py + 4, "end", y.label(value)));
        }
        svg.append(line(plot.x(), plot.y(), plot.x(), plot.bottom(), "axis"));
        svg.append("<text class=\"muted\" x=\"")
                .append(num(plot.x() - 6))
                .append("\" y=\"")
                .append(num(plot.y() - 10))
                .append("\" text-anchor=\"end\">")
                .append(esc(unit))
                .append("</text>\n");
    }

    private static void xLabel(StringBuilder svg, double x, double y, String label, boolean rotate) {
        if (!rotate) {
            svg.append(text(x, y, "middle", label));
            return;
        }
        svg.append("<text x=\"")
                .append(num(x))
                .append("\" y=\"")
                .append(num(y))
                .append("\" text-anchor=\"end\" transform=\"rotate(-35 ")
                .append(num(x))
                .append(' ')
                .append(num(y))
                .append(")\">")
                .append(esc(label))
                .append("</text>\n");
    }

    private static String svg(String title, double height, CharSequence body) {
        return "<svg viewBox=\"0 0 " + num(WIDTH) + " " + num(height) + "\" role=\"img\" aria-label=\"" + esc(title)
                + "\">\n" + body + "</svg>\n";
    }

    private static String emptyChart(String title, String message) {
        return svg(
                title,
                60,
                "<text class=\"muted\" x=\"" + num(WIDTH / 2) + "\" y=\"34\" text-anchor=\"middle\">" + esc(message)
                        + "</text>\n");
    }

    /** An open {@code <rect>} so a {@code <title>} tooltip can follow; the caller closes it. */
    private static String rect(double x, double y, double width, double height, String fill) {
        return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(Math.max(0, width)) + "\" height=\""
                + num(Math.max(0, height)) + "\" fill=\"" + fill + "\">";
    }

    private static String line(double x1, double y1, double x2, double y2, String cssClass) {
        return "<line class=\"" + cssClass + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2)
                + "\" y2=\"" + num(y2) + "\"/>\n";
    }

    private static String text(double x, double y, String anchor, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">" + esc(content)
                + "</text>\n";
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

    private static double textPx(String text) {
        return text.length() * CHAR_PX;
    }

    private static String runColour(int index) {
        return RUN_COLOURS.get(index % RUN_COLOURS.size());
    }

    private static String outcomeColour(Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> "#59a14f";
            case SOLD_OUT -> "#8aa5c4";
            case BUSY -> "#edc948";
            case OTHER_STATUS -> "#f28e2b";
            case NETWORK_ERROR -> "#c62828";
        };
    }

    private static LatencySummary latency(RunResult run) {
        return run.latency() == null ? LatencySummary.EMPTY : run.latency();
    }

    private static OutcomeCounts outcomes(RunResult run) {
        return run.outcomes() == null ? new OutcomeCounts(0, 0, 0, 0, 0) : run.outcomes();
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

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", finite(value));
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
