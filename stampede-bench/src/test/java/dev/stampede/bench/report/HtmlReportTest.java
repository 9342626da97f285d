package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HtmlReportTest {

    private static final String EVIL_PROBLEM = "oversold by 3 <script>alert('x')</script>";

    @Test
    void pageLoadsNoExternalResource() {
        String html = HtmlReport.render(sampleReport());

        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html)
                .doesNotContainPattern(Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//"))
                .doesNotContainPattern(Pattern.compile("(?i)<script\\b[^>]*\\bsrc"))
                .doesNotContainPattern(Pattern.compile("(?i)<(link|iframe|img)\\b"))
                .doesNotContainIgnoringCase("@import")
                .doesNotContainIgnoringCase("url(");
    }

    @Test
    void everyChartIsDrawnByTheDashboardsChartLibraryInlinedWithItsData() throws Exception {
        String html = HtmlReport.render(sampleReport());

        String uplot;
        try (var in = HtmlReport.class.getResourceAsStream("/static/dashboard/vendor/uplot/uPlot.iife.min.js")) {
            uplot = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(html)
                .contains(uplot)
                .contains("Latency percentiles per strategy", "Throughput over time", "Outcomes per strategy")
                .contains("id=\"chart-latency\"", "id=\"chart-throughput\"", "id=\"chart-outcomes\"")
                .doesNotContain("<svg");
        JsonNode data = chartData(html);
        assertThat(data.path("runs").get(0).asString()).isEqualTo("conditional #1");
        assertThat(data.path("percentiles").path("p99").size())
                .isEqualTo(data.path("runs").size());
        assertThat(data.path("outcomes").path("success").size())
                .isEqualTo(data.path("runs").size());
        assertThat(data.path("throughput").path("rps").size())
                .isEqualTo(data.path("runs").size());
    }

    /** The JSON the charts are drawn from, as the page's script reads it. */
    private static JsonNode chartData(String html) {
        String open = "<script type=\"application/json\" id=\"chart-data\">";
        int start = html.indexOf(open) + open.length();
        return JsonMapper.builder().build().readTree(html.substring(start, html.indexOf("</script>", start)));
    }

    @Test
    void userTextIsEscaped() {
        String html = HtmlReport.render(sampleReport());

        assertThat(html)
                .contains("oversold by 3 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain("<script>alert")
                .contains("a&lt;b&gt; &amp; &quot;c&quot;");
    }

    @Test
    void failedAuditIsShownLoudly() {
        String html = HtmlReport.render(sampleReport());

        assertThat(html).contains("class=\"alert\"", "1 of 4 runs FAILED the audit: unsafe #1");
        String unsafeRow = html.lines()
                .filter(line -> line.contains("<td class=\"text\">unsafe</td>"))
                .findFirst()
                .orElseThrow();
        assertThat(unsafeRow).startsWith("<tr class=\"failed\">").contains("FAILED", "oversold: <strong>3</strong>");
        assertThat(html.lines()
                        .filter(line -> line.contains("<td class=\"text\">conditional</td>") && line.contains("badge")))
                .hasSize(2)
                .allSatisfy(row -> assertThat(row).contains("PASSED").doesNotContain("FAILED"));
    }

    @Test
    void everyStrategyAndTheHeaderAreShown() {
        String html = HtmlReport.render(sampleReport());

        assertThat(html)
                .contains("conditional #1", "conditional #2", "pessimistic #1", "unsafe #1")
                .contains("flash-sale", "2026-01-15T10:00:00Z", "8 cores, 16 GiB, Temurin 25")
                .contains("<td class=\"text\">vus</td><td class=\"text\">15000</td>")
                .contains("Harness ceiling: <strong>25,000.0 req/s</strong>");
    }

    @Test
    void mediansAreShownForAStrategyThatRanSeveralTimes() {
        String html = HtmlReport.render(sampleReport());

        String conditional = html.substring(html.indexOf("Per-strategy medians"))
                .lines()
                .filter(line -> line.contains("<td class=\"text\">conditional</td>"))
                .findFirst()
                .orElseThrow();
        // rps 1000 and 1200, p95 20 and 30, p99 40 and 60
        assertThat(conditional).contains("<td>2</td><td>1,100.0</td><td>25.00</td><td>50.00</td>");
    }

    @Test
    void mediansAreLeftOutWhenEveryStrategyRanOnce() {
        BenchReport report = sampleReport();
        var once = new BenchReport(
                report.scenario(),
                report.parameters(),
                null,
                report.machine(),
                report.startedAt(),
                report.runs().subList(1, 4));

        String html = HtmlReport.render(once);

        assertThat(html).doesNotContain("Per-strategy medians", "Harness ceiling");
    }

    @Test
    void zeroRunsStillMakeACompletePage() {
        var report = new BenchReport("last-ticket", Map.of(), null, "laptop", "2026-01-15T10:00:00Z", List.of());

        String html = HtmlReport.render(report);

        assertThat(html).contains("No runs.").doesNotContain("NaN", "Infinity").endsWith("</html>\n");
        assertThat(html).contains("Latency percentiles per strategy", "Throughput over time", "Outcomes per strategy");
    }

    @Test
    void allZeroNumbersDrawNoNaNOrInfinity() {
        var zeros = new OutcomeCounts(0, 0, 0, 0, 0, 0);
        var audit = new AuditVerdict(true, 0L, 0L, 0, 0, List.of("database"), List.of());
        var report = new BenchReport(
                "flash-sale",
                Map.of("vus", 0),
                0.0,
                "laptop",
                "now",
                List.of(
                        new RunResult(
                                "conditional",
                                1,
                                0,
                                zeros,
                                LatencySummary.EMPTY,
                                0,
                                0,
                                0,
                                List.of(0.0),
                                0,
                                audit,
                                Map.of(),
                                Map.of()),
                        new RunResult(
                                "optimistic",
                                1,
                                0,
                                zeros,
                                LatencySummary.EMPTY,
                                0,
                                0,
                                1000,
                                List.of(0.0, 0.0),
                                0,
                                audit,
                                Map.of(),
                                Map.of())));

        String html = HtmlReport.render(report);

        assertThat(html).doesNotContain("NaN", "Infinity");
        assertThat(html).contains("Latency percentiles per strategy", "Throughput over time", "Outcomes per strategy");
    }

    @Test
    void aSingleRunWithoutThroughputSamplesRenders() {
        var run = new RunResult(
                "pessimistic",
                1,
                10,
                new OutcomeCounts(1, 9, 0, 0, 0, 0),
                new LatencySummary(2, 1, 2, 5, 3, 4, 5),
                1,
                10,
                1000,
                List.of(),
                0,
                AuditVerdict.skipped("no database"),
                Map.of(),
                Map.of());
        var report = new BenchReport("last-ticket", null, null, null, null, List.of(run));

        String html = HtmlReport.render(report);

        assertThat(html)
                .contains("No throughput samples.", "pessimistic #1", "not audited: no database")
                .doesNotContain("NaN", "Infinity", "FAILED");
        assertThat(html).contains("Latency percentiles per strategy", "Throughput over time", "Outcomes per strategy");
    }

    @Test
    void checkoutRunsChartTheirStockBlockedOverTimeAndOtherRunsDrawNoSuchChart() {
        RunResult fast = run("reserve-confirm", 1, 30, 20, 40, AuditVerdict.skipped("test"))
                .withTimeline(CheckoutFigures.BLOCKED_UNITS, new Timeline(100, List.of(0L, 700L, 950L, 300L, 0L)));
        RunResult slow = run("lock-across-payment", 1, 1, 20, 40, AuditVerdict.skipped("test"))
                .withTimeline(CheckoutFigures.BLOCKED_UNITS, new Timeline(200, List.of(1L, 1L, 1L, 1L)));
        var report = new BenchReport("checkout", null, null, null, null, List.of(fast, slow));

        String html = HtmlReport.render(report);

        assertThat(html).contains("Stock blocked over time", "id=\"chart-blocked\"");
        JsonNode blocked = chartData(html).path("blocked");
        assertThat(blocked.path("seconds"))
                .extracting(JsonNode::asDouble)
                .containsExactly(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        assertThat(blocked.path("units").get(0))
                .extracting(node -> node.isNull() ? null : node.asLong())
                .containsExactly(0L, 700L, 950L, 300L, 0L, null, null);
        assertThat(blocked.path("units").get(1))
                .extracting(node -> node.isNull() ? null : node.asLong())
                .as("a coarser timeline holds each sample until its next one")
                .containsExactly(1L, 1L, 1L, 1L, 1L, 1L, 1L);
        assertThat(HtmlReport.render(sampleReport())).doesNotContain("Stock blocked over time");
    }

    @Test
    void writeCreatesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reports/flash-sale.html");

        HtmlReport.write(sampleReport(), file);

        assertThat(Files.readString(file)).isEqualTo(HtmlReport.render(sampleReport()));
    }

    private static BenchReport sampleReport() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("vus", 15000);
        parameters.put("stock", 10000);
        parameters.put("target", "http://localhost:8080");
        parameters.put("note", "a<b> & \"c\"");
        var passed = new AuditVerdict(true, 10_000L, 0L, 10_000, 0, List.of("database"), List.of());
        var failed = new AuditVerdict(false, 10_003L, 3L, 10_000, 0, List.of("database"), List.of(EVIL_PROBLEM));
        return new BenchReport(
                "flash-sale",
                parameters,
                25_000.0,
                "8 cores, 16 GiB, Temurin 25",
                "2026-01-15T10:00:00Z",
                List.of(
                        run("conditional", 1, 1000, 20, 40, passed),
                        run("conditional", 2, 1200, 30, 60, passed),
                        run("pessimistic", 1, 600, 80, 150, passed),
                        run("unsafe", 1, 1500, 10, 25, failed)));
    }

    private static RunResult run(String strategy, int number, double rps, double p95, double p99, AuditVerdict audit) {
        var latency = new LatencySummary(p95 / 2, 0.4, p95 / 3, p99 * 2, p95 * 0.8, p95, p99);
        var outcomes = new OutcomeCounts(10_000, 4_900, 80, 0, 15, 5);
        return new RunResult(
                strategy,
                number,
                outcomes.total(),
                outcomes,
                latency,
                15,
                rps,
                1000,
                List.of(rps * 0.5, rps * 1.4, rps * 1.2, rps * 0.9),
                0,
                audit,
                Map.of(),
                Map.of());
    }
}
