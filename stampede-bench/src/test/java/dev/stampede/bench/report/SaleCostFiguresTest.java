package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a sale cost Redis and the database is reported per unit sold, with the busiest Redis node's share of scripts. */
class SaleCostFiguresTest {

    private static RunResult run(Map<String, Long> counters) {
        return new RunResult(
                "quota",
                1,
                400,
                new OutcomeCounts(100, 300, 0, 0, 0, 0),
                new LatencySummary(20, 1, 10, 300, 100, 150, 250),
                1.5,
                50,
                400,
                List.of(50.0),
                0,
                new AuditVerdict(true, 100L, 0L, 0, 0, List.of("service"), List.of()),
                counters,
                Map.of());
    }

    private final RunResult sharded = run(Map.of(
            SaleCostFigures.REDIS_CALLS,
            450L,
            SaleCostFigures.DATABASE_USES,
            25L,
            SaleCostFigures.scriptsAt("n1"),
            40L,
            SaleCostFigures.scriptsAt("n2"),
            35L,
            SaleCostFigures.scriptsAt("n3"),
            25L,
            SaleCostFigures.scriptsAt("replica"),
            0L));

    @Test
    void theBusiestNodesShareIsOfAllScriptsAndNodesThatRanNoneAreLeftOut() {
        SaleCostFigures cost = SaleCostFigures.of(sharded).orElseThrow();

        assertThat(cost.scriptsByNode()).containsOnlyKeys("n1", "n2", "n3");
        assertThat(cost.busiestShardShare()).hasValue(0.4);
    }

    @Test
    void oneNodeTakingEveryScriptIsAHundredPercentAndNoScriptIsNoShare() {
        assertThat(SaleCostFigures.of(
                                run(Map.of(SaleCostFigures.REDIS_CALLS, 300L, SaleCostFigures.scriptsAt("only"), 200L)))
                        .orElseThrow()
                        .busiestShardShare())
                .hasValue(1.0);
        assertThat(SaleCostFigures.of(run(Map.of(SaleCostFigures.REDIS_CALLS, 0L)))
                        .orElseThrow()
                        .busiestShardShare())
                .isEmpty();
    }

    @Test
    void aRunThatDidNotReadTheMetersHasNoFigures() {
        assertThat(SaleCostFigures.of(run(Map.of()))).isEmpty();
    }

    @Test
    void theSummaryAndTheJsonGiveTheCostsPerUnitSold() {
        assertThat(TextReport.summary(sharded))
                .containsSubsequence("STORES", "redis calls", "450  4.50 per sale", "0.25 per sale", "40.00%");
        JsonNode cost = JsonMapper.builder()
                .build()
                .readTree(
                        JsonReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", List.of(sharded))))
                .path("runs")
                .get(0)
                .path("sale_cost");

        assertThat(cost.path("redis_calls_per_sale").asDouble()).isEqualTo(4.5);
        assertThat(cost.path("database_connection_uses_per_sale").asDouble()).isEqualTo(0.25);
        assertThat(cost.path("busiest_shard_share").asDouble()).isEqualTo(0.4);
    }
}
