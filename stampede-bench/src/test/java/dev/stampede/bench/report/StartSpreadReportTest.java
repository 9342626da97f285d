package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The report says how long after a release its buyers sent their first request (issue 17, the start spread). */
class StartSpreadReportTest {

    private static RunResult run(Map<String, Long> counters) {
        return new RunResult(
                "batched",
                2,
                15_000,
                new OutcomeCounts(10_000, 5_000, 0, 0, 0, 0),
                new LatencySummary(900, 3, 800, 3_100, 1_800, 1_900, 2_000),
                3.6,
                4_100,
                100,
                List.of(4_100.0),
                0,
                new AuditVerdict(true, 10_000L, 0L, 0, 10_000, List.of("service"), List.of()),
                counters,
                Map.of());
    }

    private final RunResult released =
            run(StartSpreadFigures.counters(new LatencySummary(600, 0.05, 450, 1_650, 1_200, 1_400, 1_500.5)));

    @Test
    void theSummaryTheComparisonAndTheJsonGiveTheStartSpread() {
        assertThat(TextReport.summary(released))
                .containsSubsequence("EXECUTION", "start_spread", "p(50)=450.00ms p(99)=1.50s max=1.65s");
        assertThat(TextReport.comparison(List.of(released), null))
                .contains("batched #2 start spread: p(50)=450.00ms p(99)=1.50s max=1.65s");
        JsonNode spread = JsonMapper.builder()
                .build()
                .readTree(
                        JsonReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", List.of(released))))
                .path("runs")
                .get(0)
                .path("start_spread_ms");

        assertThat(spread.path("p50").asDouble()).isEqualTo(450.0);
        assertThat(spread.path("p99").asDouble()).isEqualTo(1_500.5);
        assertThat(spread.path("max").asDouble()).isEqualTo(1_650.0);
    }

    @Test
    void aLoadNotReleasedAtOnceReportsNoStartSpread() {
        RunResult open = run(StartSpreadFigures.counters(LatencySummary.EMPTY));

        assertThat(StartSpreadFigures.of(open)).isEmpty();
        assertThat(TextReport.summary(open)).doesNotContain("start_spread");
    }
}
