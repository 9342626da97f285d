package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The report says what admission control shed and how long the limiter kept writes waiting (issue 15). */
class AdmissionReportTest {

    private static RunResult run(long shed, long waits, long within1000, long within1100) {
        Map<String, Long> counters = new HashMap<>();
        counters.put(AdmissionFigures.SHED, shed);
        counters.put(AdmissionFigures.WAITS, waits);
        counters.put(AdmissionFigures.within(100_000), waits / 2);
        counters.put(AdmissionFigures.within(1_000_000), within1000);
        counters.put(AdmissionFigures.within(1_100_000), within1100);
        return new RunResult(
                "batched",
                1,
                15_000,
                new OutcomeCounts(3_841, 0, 11_159, 0, 0, 0),
                new LatencySummary(1_400, 3, 1_470, 2_260, 1_990, 2_080, 2_140),
                2.26,
                6_635,
                100,
                List.of(6_635.0),
                0,
                new AuditVerdict(true, 3_841L, 0L, 0, 6_159, List.of("service"), List.of()),
                counters,
                Map.of());
    }

    @Test
    void theSummaryTheComparisonAndTheJsonGiveTheShareShedAndTheLongestWait() {
        RunResult run = run(11_159, 15_000, 3_000, 15_000);

        assertThat(TextReport.summary(run))
                .containsSubsequence(
                        "ADMISSION CONTROL",
                        "shed",
                        "11159  74.39% of requests",
                        "waited for a permit",
                        "15000  every one answered within 1.10s");
        assertThat(TextReport.comparison(List.of(run), null))
                .contains(
                        "batched #1 admission control: shed 11159 (74.39%), waited for a permit 15000, every one answered within 1.10s");
        JsonNode admission = JsonMapper.builder()
                .build()
                .readTree(JsonReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", List.of(run))))
                .path("runs")
                .get(0)
                .path("admission");
        assertThat(admission.path("shed").asLong()).isEqualTo(11_159);
        assertThat(admission.path("every_wait_within_ms").asDouble()).isEqualTo(1_100.0);
        assertThat(admission.path("waits_within_ms").path("1000.0").asLong()).isEqualTo(3_000);
    }

    @Test
    void waitsBeyondTheLargestBucketAreCountedNotHidden() {
        RunResult run = run(11_159, 15_000, 3_000, 14_990);

        assertThat(AdmissionFigures.of(run).orElseThrow().everyWaitWithinMs()).isEmpty();
        assertThat(TextReport.summary(run)).contains("10 waited longer than 1.10s");
    }

    @Test
    void aRunWithAdmissionControlOffReportsNoAdmission() {
        RunResult off = new RunResult(
                "batched",
                1,
                1,
                new OutcomeCounts(1, 0, 0, 0, 0, 0),
                LatencySummary.EMPTY,
                1,
                1,
                100,
                List.of(1.0),
                0,
                new AuditVerdict(true, 1L, 0L, 0, 0, List.of("service"), List.of()),
                Map.of(),
                Map.of());

        assertThat(AdmissionFigures.of(off)).isEmpty();
        assertThat(TextReport.summary(off)).doesNotContain("ADMISSION");
    }
}
