package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Arrivals an open model dropped are reported beside the percentiles, as a count and a share of all arrivals. */
class DroppedArrivalsReportTest {

    /** 75 arrivals sent, 25 dropped: a quarter of 100 arrivals. */
    private final RunResult run = new RunResult(
            "batched",
            1,
            75,
            new OutcomeCounts(10, 65, 0, 0, 0, 0),
            new LatencySummary(20, 1, 10, 300, 100, 150, 250),
            1.5,
            50,
            100,
            List.of(50.0),
            25,
            new AuditVerdict(true, 10L, 0L, 10, 0, List.of("service"), List.of()),
            Map.of(),
            Map.of());

    @Test
    void theShareIsOfAllArrivalsSentOrDropped() {
        assertThat(run.droppedShare()).isEqualTo(0.25);
    }

    @Test
    void theSummaryShowsThemUnderTheRequestDuration() {
        String summary = TextReport.summary(run);

        assertThat(summary).containsSubsequence("http_req_duration", "dropped_iterations", "25  25.00% of arrivals");
    }

    @Test
    void theSideBySideTableHasADroppedColumnAfterP99() {
        String table = TextReport.comparison(List.of(run), null);

        assertThat(table).containsSubsequence("p99", "dropped", "wall");
        assertThat(table).containsSubsequence("250.00ms", "25.00%");
    }

    @Test
    void theJsonCarriesCountAndShareNextToTheLatency() {
        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(JsonReport.render(new BenchReport("million", Map.of(), null, "m", "now", List.of(run))))
                .path("runs")
                .get(0);

        assertThat(json.path("dropped_iterations").asLong()).isEqualTo(25);
        assertThat(json.path("dropped_share").asDouble()).isEqualTo(0.25);
    }

    @Test
    void theHtmlRunsTableShowsThemBesideTheMaximum() {
        String html = HtmlReport.render(new BenchReport("million", Map.of(), null, "m", "now", List.of(run)));

        assertThat(html).containsSubsequence("<th>max ms</th><th>dropped</th>", "25 (25.00%)");
    }
}
