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
 * What a run cost the bench's process and the service in CPU is reported per completed request (issue 17), and the
 * service's collector pauses beside it (issue 15).
 */
class CpuReportTest {

    private static RunResult run(Map<String, Long> counters) {
        return new RunResult(
                "redis",
                1,
                20_000,
                new OutcomeCounts(10_000, 10_000, 0, 0, 0, 0),
                new LatencySummary(90, 1, 40, 900, 200, 250, 300),
                2.0,
                10_000,
                100,
                List.of(10_000.0),
                0,
                new AuditVerdict(true, 10_000L, 0L, 0, 10_000, List.of("service"), List.of()),
                counters,
                Map.of());
    }

    @Test
    void theSummaryTheComparisonAndTheJsonGiveTheCpuPerRequest() {
        RunResult both = run(Map.of(CpuFigures.CLIENT, 3_000_000L, CpuFigures.SERVICE, 5_000_000L));

        assertThat(TextReport.summary(both)).contains("cpu_per_request", "client 150µs, service 250µs");
        assertThat(TextReport.comparison(List.of(both), null))
                .contains("redis #1 CPU per request: client 150µs, service 250µs");
        JsonNode cpu = JsonMapper.builder()
                .build()
                .readTree(JsonReport.render(new BenchReport("million", Map.of(), null, "m", "now", List.of(both))))
                .path("runs")
                .get(0)
                .path("cpu_us_per_request");
        assertThat(cpu.path("client").asDouble()).isEqualTo(150.0);
        assertThat(cpu.path("service").asDouble()).isEqualTo(250.0);
    }

    @Test
    void aServiceNotReadIsSaidSoAndARunWithoutFiguresHasNone() {
        assertThat(TextReport.summary(run(Map.of(CpuFigures.CLIENT, 2_000_000L))))
                .contains("client 100µs, service n/a (not read)");
        assertThat(CpuFigures.of(run(Map.of()))).isEmpty();
        assertThat(TextReport.summary(run(Map.of()))).doesNotContain("cpu_per_request");
    }

    @Test
    void theServicesCollectorPausesAreReportedWithTheirShareOfTheWall() {
        RunResult paused = run(Map.of(GcPauseFigures.PAUSES, 19L, GcPauseFigures.PAUSED, 500_000L));

        assertThat(TextReport.summary(paused)).contains("service_gc_pauses", "19 stopped it for 500.00ms (25.00% of");
        JsonNode gc = JsonMapper.builder()
                .build()
                .readTree(JsonReport.render(new BenchReport("million", Map.of(), null, "m", "now", List.of(paused))))
                .path("runs")
                .get(0)
                .path("service_gc_pauses");
        assertThat(gc.path("count").asLong()).isEqualTo(19);
        assertThat(gc.path("total_ms").asDouble()).isEqualTo(500.0);
        assertThat(TextReport.summary(run(Map.of()))).doesNotContain("service_gc_pauses");
    }
}
