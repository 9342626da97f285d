package dev.stampede.bench.twoinstances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.report.BalancerFigures;
import dev.stampede.bench.report.BalancerOverhead;
import dev.stampede.bench.report.InstanceShares;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.scenario.SaleBench;
import dev.stampede.bench.service.Balancer;
import dev.stampede.bench.service.LocalTargets;
import dev.stampede.devservers.TestHaproxyBinary;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service, separate JVM processes on one database and one Redis, behind a real HAProxy: the
 * bench drives the balancer's one address, every buyer is answered, the audit finds exactly the stock sold, and each
 * instance's own metrics show it answered a share of the purchases that add up to every request sent. Each strategy
 * is also run straight to the instances in the same round ({@code redis@direct}), and the report compares the two.
 */
class BalancedFlashSaleTest {

    private static final int STOCK = 100;
    private static final int BUYERS = 400;

    @Test
    void twoInstancesBehindHaproxySellExactlyTheStockAndBothTakeAShare() {
        TestHaproxyBinary.require();
        List<String> strategies = List.of("redis", "conditional", "batched");
        List<RunResult> runs;
        try (LocalTargets targets = new LocalTargets(2, false, Balancer.HAPROXY, List.of())) {
            assertThat(targets.baseUris()).hasSize(1).doesNotContainAnyElementsOf(targets.instanceUris());
            assertThat(targets.instanceUris()).hasSize(2);
            runs = new SaleBench(
                            targets,
                            new ProgressBar(System.err, false),
                            new LoadModel.PerVuIterations(BUYERS, 1),
                            STOCK)
                    .run(strategies, 1, run -> {});
        }

        assertThat(runs)
                .extracting(RunResult::strategy)
                .containsExactly(
                        "redis", "redis@direct", "conditional", "conditional@direct", "batched", "batched@direct");
        for (RunResult run : runs) {
            assertThat(run.audit().passed())
                    .as(run.strategy() + ": " + run.audit().problems())
                    .isTrue();
            assertThat(run.outcomes().success()).as(run.strategy()).isEqualTo(STOCK);
            assertThat(run.audit().orders()).as(run.strategy()).isEqualTo(STOCK);
            assertThat(run.outcomes().success() + run.outcomes().soldOut())
                    .as(run.strategy() + ": every buyer answered")
                    .isEqualTo(BUYERS);
            InstanceShares shares = InstanceShares.of(run).orElseThrow();
            assertThat(shares.total())
                    .as(run.strategy() + ": purchases the instances answered")
                    .isEqualTo(BUYERS);
            assertThat(shares.purchases())
                    .as(run.strategy() + ": each instance's share")
                    .hasSize(2)
                    .allSatisfy(purchases -> assertThat(purchases).isPositive());
            if (BalancerOverhead.isDirect(run.strategy())) {
                assertThat(BalancerFigures.of(run))
                        .as(run.strategy() + ": no balancer between the buyers and the instances")
                        .isEmpty();
            } else {
                assertThat(BalancerFigures.of(run))
                        .as(run.strategy() + ": the balancer's own counters")
                        .hasValueSatisfying(balancer -> assertThat(balancer.answered5xx())
                                .as("5xx answered to buyers who were all answered 201 or 409")
                                .isZero());
            }
        }
        assertThat(BalancerOverhead.of(runs))
                .extracting(BalancerOverhead::strategy)
                .containsExactlyElementsOf(strategies);
        assertThat(BalancerOverhead.of(runs))
                .allSatisfy(overhead -> assertThat(overhead.wallRatioByRound()).hasSize(1));
    }
}
