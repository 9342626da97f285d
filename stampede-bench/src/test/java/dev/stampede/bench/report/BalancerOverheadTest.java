package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs of a strategy through the balancer and straight to the instances ({@code @direct}) in the same invocation give
 * the balancer's overhead: medians divided, and each round's pair; a strategy run one way only gives none.
 */
class BalancerOverheadTest {

    private static RunResult run(String label, int round, double wallSeconds, double p99Ms) {
        return new RunResult(
                label,
                round,
                400,
                new OutcomeCounts(300, 100, 0, 0, 0, 0),
                new LatencySummary(20, 1, 10, p99Ms, p99Ms, p99Ms, p99Ms),
                wallSeconds,
                400 / wallSeconds,
                50,
                List.of(),
                0,
                new AuditVerdict(true, 300L, 0L, 0, 0, List.of("service"), List.of()),
                Map.of(),
                Map.of());
    }

    private final List<RunResult> runs = List.of(
            run("quota", 1, 6.0, 900),
            run("quota@direct", 1, 4.0, 600),
            run("tokens", 1, 50.0, 40_000),
            run("quota", 2, 10.0, 1_500),
            run("quota@direct", 2, 4.0, 500),
            run("tokens", 2, 52.0, 41_000));

    @Test
    void theMediansThroughTheBalancerAreDividedByTheDirectOnesAndEachRoundsPairToo() {
        assertThat(BalancerOverhead.of(runs)).singleElement().satisfies(quota -> {
            assertThat(quota.strategy()).isEqualTo("quota");
            assertThat(quota.wallRatio()).isCloseTo(8.0 / 4.0, within(1e-9));
            assertThat(quota.p99Ratio()).isCloseTo(1_200.0 / 550.0, within(1e-9));
            assertThat(quota.wallRatioByRound()).containsExactly(1.5, 2.5);
        });
    }

    @Test
    void aLabelNamesItsStrategyAndWhetherItWentPastTheBalancer() {
        assertThat(BalancerOverhead.direct("quota")).isEqualTo("quota@direct");
        assertThat(BalancerOverhead.strategyOf("quota@direct")).isEqualTo("quota");
        assertThat(BalancerOverhead.strategyOf("quota")).isEqualTo("quota");
        assertThat(BalancerOverhead.isDirect("quota@direct")).isTrue();
        assertThat(BalancerOverhead.isDirect("quota")).isFalse();
    }

    @Test
    void theComparisonAndTheJsonGiveTheOverhead() {
        assertThat(TextReport.comparison(runs, null))
                .contains("quota through the balancer ÷ direct: wall 2.00x, p99 2.18x (medians); wall by round 1.50x,"
                        + " 2.50x")
                .doesNotContain("tokens through the balancer");
        JsonNode overhead = JsonMapper.builder()
                .build()
                .readTree(JsonReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", runs)))
                .path("balancer_overhead");

        assertThat(overhead).hasSize(1);
        assertThat(overhead.get(0).path("strategy").asString()).isEqualTo("quota");
        assertThat(overhead.get(0).path("wall_ratio").asDouble()).isCloseTo(2.0, within(1e-9));
        assertThat(overhead.get(0).path("wall_ratio_by_round").get(1).asDouble())
                .isCloseTo(2.5, within(1e-9));
    }

    @Test
    void runsWithoutDirectOnesHaveNoOverhead() {
        List<RunResult> balancedOnly = runs.stream()
                .filter(run -> !BalancerOverhead.isDirect(run.strategy()))
                .toList();

        assertThat(BalancerOverhead.of(balancedOnly)).isEmpty();
        assertThat(JsonReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", balancedOnly)))
                .doesNotContain("balancer_overhead");
    }
}
