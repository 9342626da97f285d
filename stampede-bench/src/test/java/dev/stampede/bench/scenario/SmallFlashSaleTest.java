package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.report.BenchReport;
import dev.stampede.bench.report.CpuFigures;
import dev.stampede.bench.report.JsonReport;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.QuotaFigures;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.StartSpreadFigures;
import dev.stampede.bench.report.TextReport;
import dev.stampede.bench.service.LocalTargets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small flash sale (500 VUs released at once, 200 units) through the whole bench, in process. */
class SmallFlashSaleTest {

    private static LocalTargets targets;
    private static List<RunResult> runs;

    @BeforeAll
    static void runEveryStrategy() {
        targets = new LocalTargets(1, true, List.of());
        SaleBench bench =
                new SaleBench(targets, new ProgressBar(System.err, false), new LoadModel.PerVuIterations(500, 1), 200);
        runs = bench.run(
                List.of("pessimistic", "optimistic", "conditional", "batched", "redis", "quota", "unsafe"),
                1,
                run -> {});
    }

    @AfterAll
    static void stop() {
        targets.close();
    }

    @Test
    void everySafeStrategySellsExactlyTheStockAndPassesTheAudit() {
        for (RunResult run :
                runs.stream().filter(r -> !r.strategy().equals("unsafe")).toList()) {
            assertThat(run.audit().passed())
                    .as(run.strategy() + ": " + run.audit().problems())
                    .isTrue();
            assertThat(run.audit().sources()).containsExactly("service", "database");
            assertThat(run.outcomes().success()).as(run.strategy()).isEqualTo(200);
            assertThat(run.outcomes().soldOut() + run.outcomes().busy())
                    .as(run.strategy())
                    .isEqualTo(300);
            assertThat(run.outcomes().errors()).as(run.strategy()).isZero();
            assertThat(run.audit().orders()).isEqualTo(200);
            assertThat(run.audit().oversold()).isZero();
            assertThat(run.requests()).isEqualTo(500);
        }
    }

    /**
     * {@code quota} splits the 200 units into 8 buckets: the run reports the shares its buyers moved and its false
     * sold-outs (from the service's meters; how many depends on how the buyers' ids hash), and the text report shows
     * them. Another strategy's run has none.
     */
    @Test
    void theQuotaRunReportsItsSharesMovedAndFalseSoldOuts() {
        RunResult quota = runs.stream()
                .filter(r -> r.strategy().equals("quota"))
                .findFirst()
                .orElseThrow();
        QuotaFigures figures = QuotaFigures.of(quota).orElseThrow();

        assertThat(figures.sharesMoved()).isNotNegative();
        assertThat(figures.falseSoldOuts()).isNotNegative();
        assertThat(TextReport.summary(quota))
                .contains("QUOTA BUCKETS")
                .containsPattern("shares moved\\.+: " + figures.sharesMoved() + "  ");
        assertThat(TextReport.comparison(runs, null))
                .contains("quota #1: false sold-outs " + figures.falseSoldOuts() + ", shares moved "
                        + figures.sharesMoved());
        assertThat(QuotaFigures.of(runs.getFirst())).isEmpty();
    }

    /**
     * Every run reports the CPU time the load cost the bench's process and the service (read from the service's own
     * {@code process.cpu.time}; in process here, the same JVM) and, released at once, its start spread.
     */
    @Test
    void everyRunReportsTheCpuItCostAndItsStartSpread() {
        for (RunResult run : runs) {
            CpuFigures cpu = CpuFigures.of(run).orElseThrow();
            assertThat(cpu.clientMicros()).as(run.strategy()).isPositive();
            assertThat(cpu.serviceMicros()).as(run.strategy()).isPresent();
            assertThat(cpu.serviceMicros().getAsLong()).as(run.strategy()).isPositive();
            StartSpreadFigures spread = StartSpreadFigures.of(run).orElseThrow();
            assertThat(spread.maxMs()).as(run.strategy()).isGreaterThanOrEqualTo(spread.p50Ms());
        }
        assertThat(TextReport.summary(runs.getFirst())).contains("cpu_per_request", "start_spread");
    }

    @Test
    void unsafeFailsTheAuditWithItsOversellCount() {
        RunResult unsafe = runs.stream()
                .filter(r -> r.strategy().equals("unsafe"))
                .findFirst()
                .orElseThrow();

        assertThat(unsafe.audit().passed()).isFalse();
        assertThat(unsafe.audit().oversold()).isPositive();
        assertThat(unsafe.outcomes().success()).isGreaterThan(200);
        assertThat(TextReport.comparison(runs, null))
                .contains("FAILED oversold " + unsafe.audit().oversold());
    }

    @Test
    void theJsonReportHasTheDocumentedShape() {
        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(JsonReport.render(
                        new BenchReport("flash-sale", Map.of("stock", 200), 1234.5, "test machine", "now", runs)));

        assertThat(json.path("scenario").asString()).isEqualTo("flash-sale");
        JsonNode first = json.path("runs").get(0);
        assertThat(first.path("strategy").asString()).isEqualTo("pessimistic");
        assertThat(first.path("requests").asLong()).isEqualTo(500);
        assertThat(first.path("outcomes").path("success").asLong()).isEqualTo(200);
        for (String field : List.of("sold_out", "busy", "error")) {
            assertThat(first.path("outcomes").has(field)).as(field).isTrue();
        }
        for (String field : List.of("p50", "p90", "p95", "p99", "max")) {
            assertThat(first.path("latency_ms").path(field).isNumber())
                    .as(field)
                    .isTrue();
        }
        assertThat(first.path("dropped_iterations").isNumber()).isTrue();
        assertThat(first.path("dropped_share").isNumber()).isTrue();
        assertThat(first.path("wall_s").asDouble()).isPositive();
        assertThat(first.path("rps").asDouble()).isPositive();
        assertThat(first.path("audit").path("passed").asBoolean()).isTrue();
        assertThat(first.path("audit").path("orders").asLong()).isEqualTo(200);
        assertThat(first.path("audit").path("oversold").asLong()).isZero();
        assertThat(first.path("cpu_us_per_request").path("client").asDouble()).isPositive();
        assertThat(first.path("cpu_us_per_request").path("service").asDouble()).isPositive();
        assertThat(first.path("start_spread_ms").path("max").isNumber()).isTrue();
    }
}
