package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import dev.stampede.bench.load.RunRecorder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The report says how many of an open model's arrivals had to open a connection, and what that cost them (issue 13). */
class NewConnectionReportTest {

    private static RunResult run(Map<String, Long> counters) {
        return new RunResult(
                "redis",
                1,
                80_000,
                new OutcomeCounts(10_000, 70_000, 0, 0, 0, 0),
                new LatencySummary(100, 0.2, 0.7, 4_000, 250, 300, 2_990),
                20.1,
                3_980,
                100,
                List.of(3_980.0),
                400,
                new AuditVerdict(true, 10_000L, 0L, 0, 10_000, List.of("service"), List.of()),
                counters,
                Map.of());
    }

    /** 2,000 arrivals on new connections (2 ms and 3 s), 78,000 on open ones (0.7 ms), recorded as the runner does. */
    private static Map<String, Long> recorded() {
        RunRecorder recorder = new RunRecorder(100);
        for (int i = 0; i < 2_000; i++) {
            recorder.arrivalEnded(true, TimeUnit.MILLISECONDS.toNanos(i < 1_000 ? 2 : 3_000));
        }
        for (int i = 0; i < 78_000; i++) {
            recorder.arrivalEnded(false, TimeUnit.MICROSECONDS.toNanos(700));
        }
        return NewConnectionFigures.counters(recorder);
    }

    @Test
    void theSummaryTheComparisonAndTheJsonGiveBothSidesOfTheSplit() {
        RunResult open = run(recorded());

        NewConnectionFigures split = NewConnectionFigures.of(open).orElseThrow();
        assertThat(split.opened()).isEqualTo(2_000);
        assertThat(split.openedP50Ms()).isEqualTo(2.0, offset(0.01));
        assertThat(split.openedP99Ms()).isEqualTo(3_000, offset(3.0));
        assertThat(split.reused()).isEqualTo(78_000);
        assertThat(split.reusedP99Ms()).isEqualTo(0.7, offset(0.001));
        assertThat(TextReport.summary(open))
                .containsSubsequence("EXECUTION", "arrivals_new_connection", "2000, p(50)=2.00ms p(99)=3.00s");
        assertThat(TextReport.comparison(List.of(open), null))
                .contains(
                        "redis #1 arrivals on a new connection: 2000, p(50)=2.00ms p(99)=3.00s  (on an open one: 78000");
        JsonNode byConnection = JsonMapper.builder()
                .build()
                .readTree(JsonReport.render(new BenchReport("million", Map.of(), null, "m", "now", List.of(open))))
                .path("runs")
                .get(0)
                .path("arrivals_by_connection");
        assertThat(byConnection.path("new").path("count").asLong()).isEqualTo(2_000);
        assertThat(byConnection.path("open").path("count").asLong()).isEqualTo(78_000);
        assertThat(byConnection.path("new").path("p99_ms").asDouble()).isGreaterThan(2_990);
    }

    @Test
    void aRunWithoutArrivalsReportsNoSplit() {
        RunResult closed = run(NewConnectionFigures.counters(new RunRecorder(100)));

        assertThat(NewConnectionFigures.of(closed)).isEmpty();
        assertThat(TextReport.summary(closed)).doesNotContain("arrivals_new_connection");
    }
}
