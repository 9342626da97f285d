package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.Outcome;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report gives the latency of each answer apart (issue 15: with admission control on, the p99 of the buyers it let
 * in, beside those it shed).
 */
class AnswerLatencyReportTest {

    private static RunResult run(OutcomeCounts outcomes, Map<Outcome, LatencySummary> byOutcome) {
        return new RunResult(
                "conditional",
                3,
                15_000,
                outcomes,
                new LatencySummary(2_700, 58, 2_720, 4_630, 3_990, 4_110, 4_410),
                4.6,
                3_230,
                100,
                List.of(3_230.0),
                0,
                new AuditVerdict(true, 585L, 0L, 0, 9_415, List.of("service"), List.of()),
                AnswerLatencyFigures.counters(byOutcome),
                Map.of());
    }

    private static LatencySummary latency(double p50Ms, double p99Ms) {
        return new LatencySummary(p50Ms, 1, p50Ms, p99Ms + 1, p99Ms, p99Ms, p99Ms);
    }

    private final RunResult shedding = run(
            new OutcomeCounts(585, 0, 14_415, 0, 0, 0),
            Map.of(Outcome.SUCCESS, latency(900, 1_250.5), Outcome.BUSY, latency(2_800, 4_400)));

    @Test
    void theSummaryTheComparisonAndTheJsonGiveEachAnswersLatency() {
        assertThat(TextReport.summary(shedding))
                .containsSubsequence(
                        "HTTP",
                        "http_req_duration by answer",
                        "success p(50)=900.00ms p(99)=1.25s; busy p(50)=2.80s p(99)=4.40s");
        assertThat(TextReport.comparison(List.of(shedding), null))
                .contains("conditional #3 latency by answer: success p(50)=900.00ms p(99)=1.25s; busy");
        JsonNode byOutcome = JsonMapper.builder()
                .build()
                .readTree(
                        JsonReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", List.of(shedding))))
                .path("runs")
                .get(0)
                .path("latency_ms_by_outcome");

        assertThat(byOutcome.path("success").path("p99").asDouble()).isEqualTo(1_250.5);
        assertThat(byOutcome.path("busy").path("p50").asDouble()).isEqualTo(2_800.0);
    }

    @Test
    void theComparisonListsEachAnswersLatencyOnlyWhenSomeRunWasAnsweredBusy() {
        RunResult sold = run(
                new OutcomeCounts(10_000, 5_000, 0, 0, 0, 0),
                Map.of(Outcome.SUCCESS, latency(900, 1_700), Outcome.SOLD_OUT, latency(1_000, 1_800)));

        assertThat(AnswerLatencyFigures.of(sold)).isPresent();
        assertThat(TextReport.comparison(List.of(sold), null)).doesNotContain("latency by answer");
        assertThat(TextReport.comparison(List.of(sold, shedding), null)).contains("conditional #3 latency by answer");
    }

    @Test
    void aRunWithOneKindOfAnswerKeepsNoSeparateLatency() {
        RunResult allSold = run(new OutcomeCounts(1_000, 0, 0, 0, 0, 0), Map.of(Outcome.SUCCESS, latency(5, 9)));

        assertThat(AnswerLatencyFigures.of(allSold)).isEmpty();
        assertThat(TextReport.summary(allSold)).doesNotContain("by answer");
    }
}
