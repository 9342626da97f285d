package dev.stampede.bench.twoinstances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RegionFigures;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.scenario.RegionsBench;
import dev.stampede.bench.service.RegionTargets;
import dev.stampede.devservers.TestRedisCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 5: two regions of one instance each (separate JVM processes) on a local Redis Cluster of four masters,
 * 25 ms each way between them, PostgreSQL in region 0. Region 0 has two buyers to region 1's one, so region 0's quota
 * runs dry first and takes shares from region 1's buckets. Every case sells exactly the stock, the audit of the
 * durable record is exact, each region's row is there, and {@code quota}'s moves from the other region are counted.
 * In an open model the regions take turns at the arrivals, so region 1's slower answers (PostgreSQL is 50 ms away) do
 * not shift buyers to region 0.
 */
class RegionsBenchTest {

    private static final int STOCK = 120;
    /** VUs 0 and 2 buy in region 0, VU 1 in region 1: 160 and 80 purchases. */
    private static final LoadModel BUYERS = new LoadModel.PerVuIterations(3, 80);
    /** In this test's share of the ports (16700-16739): eight nodes, their buses 10000 above. */
    private static final int FIRST_PORT = 16700;

    @Test
    void eachCaseSellsExactlyTheStockWithARowPerRegionAndQuotasMovesAcrossRegionsCounted() {
        TestRedisCluster.require();
        List<RunResult> runs;
        RunResult open;
        try (RegionTargets targets = new RegionTargets(
                2, 1, FIRST_PORT, Duration.ofMillis(25), RegionTargets.Database.IN_REGION_0, List.of())) {
            assertThat(targets.describe()).contains("2 regions");
            RegionsBench bench =
                    new RegionsBench(targets, new ProgressBar(System.err, false), BUYERS, STOCK, Duration.ofMillis(25));
            assertThat(bench.strategies())
                    .containsExactly("quota@25ms", "quota@no-delay", "redis@25ms", "redis@no-delay");
            runs = bench.run(bench.strategies(), 1, run -> {});
            open = new RegionsBench(
                            targets,
                            new ProgressBar(System.err, false),
                            new LoadModel.ConstantArrivalRate(100, Duration.ofSeconds(2), Long.MAX_VALUE, 50),
                            STOCK,
                            Duration.ofMillis(25))
                    .run("redis@25ms", 1);
        }

        for (RunResult run : runs) {
            assertThat(run.audit().passed())
                    .as(run.strategy() + ": " + run.audit().problems())
                    .isTrue();
            assertThat(run.audit().orders())
                    .as(run.strategy())
                    .isEqualTo(run.outcomes().success());
            assertThat(run.outcomes().success()).as(run.strategy()).isEqualTo(STOCK);
            List<RegionFigures> regions = RegionFigures.of(run);
            assertThat(regions).as(run.strategy()).hasSize(2);
            assertThat(regions.get(0).requests()).as(run.strategy()).isEqualTo(160);
            assertThat(regions.get(1).requests()).as(run.strategy()).isEqualTo(80);
            assertThat(regions.stream().mapToLong(RegionFigures::sold).sum())
                    .as(run.strategy())
                    .isEqualTo(STOCK);
            assertThat(regions).allSatisfy(region -> assertThat(region.sold()).isPositive());
            assertThat(regions.get(0).whileQuotaLasts().p99Ms()).isPositive();
        }
        RunResult quota = runs.stream()
                .filter(run -> run.strategy().equals("quota@25ms"))
                .findFirst()
                .orElseThrow();
        assertThat(RegionFigures.of(quota).get(0).sharesMovedAcrossRegions())
                .as("shares region 0 moved from region 1's buckets")
                .isPositive();
        RunResult redis = runs.stream()
                .filter(run -> run.strategy().equals("redis@25ms"))
                .findFirst()
                .orElseThrow();
        assertThat(RegionFigures.of(redis))
                .allSatisfy(region -> assertThat(region.sharesMoved()).isZero());
    }
}
