package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Purchases answered 503 {@code outcome-unknown} are reported in a column of their own, beside busy, in every report
 * (issue 13): 7 busy, 3 outcome-unknown.
 */
class OutcomeUnknownReportTest {

    private final RunResult run = new RunResult(
            "redis",
            1,
            100,
            new OutcomeCounts(40, 50, 7, 3, 0, 0),
            new LatencySummary(20, 1, 10, 300, 100, 150, 250),
            1.0,
            100,
            100,
            List.of(100.0),
            0,
            new AuditVerdict(true, 42L, 0L, 42, 0, List.of("service"), List.of()),
            Map.of(),
            Map.of());

    @Test
    void theSummaryCountsThemApartFromBusy() {
        assertThat(TextReport.summary(run)).containsSubsequence("busy....", ": 7 ", "outcome_unknown.", ": 3 ");
    }

    @Test
    void theSideBySideTableHasAnUnknownColumnAfterBusy() {
        String table = TextReport.comparison(List.of(run), null);

        assertThat(table).containsSubsequence("busy", "unknown", "errors");
        assertThat(table).containsPattern("50 +7 +3 +0 +PASSED");
    }

    @Test
    void theJsonCountsThemUnderTheirOwnName() {
        JsonNode outcomes = JsonMapper.builder()
                .build()
                .readTree(JsonReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", List.of(run))))
                .path("runs")
                .get(0)
                .path("outcomes");

        assertThat(outcomes.path("busy").asLong()).isEqualTo(7);
        assertThat(outcomes.path("outcome_unknown").asLong()).isEqualTo(3);
    }

    @Test
    void theHtmlRunsTableHasAColumnForThem() {
        String html = HtmlReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", List.of(run)));

        assertThat(html).containsSubsequence("<th>busy</th><th>outcome_unknown</th>", "<td>7</td><td>3</td>");
    }
}
