package dev.stampede.bench.twoinstances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.report.FaultFigures;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.TextReport;
import dev.stampede.bench.scenario.SaleBench;
import dev.stampede.bench.scenario.ServiceKill;
import dev.stampede.bench.service.Balancer;
import dev.stampede.bench.service.LocalTargets;
import dev.stampede.devservers.TestHaproxyBinary;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code --fault kill-service@1s} on a flash sale (issue 16): two service processes behind a real HAProxy, buyers
 * arriving at 100 a second for 4 seconds (an open model, so the sale is under way when the kill strikes), 300 units;
 * instance 0 is killed with SIGKILL one second after the release and started again. The audit waits for the restart and
 * for the service to settle what it decided: nothing oversold, no acknowledged order lost, no order beyond the
 * successes, the outcome-unknown answers and the requests with no answer; the run reports when the kill struck, the answers lost with it and the
 * time to the next sale through the balancer.
 */
class FlashSaleKillTest {

    private static final int STOCK = 300;

    @Test
    void aFlashSaleBehindHaproxyPassesItsAuditAfterOneInstanceIsKilledMidSale() {
        TestHaproxyBinary.require();
        List<String> strategies = List.of("redis", "batched");
        List<RunResult> runs;
        try (LocalTargets targets = new LocalTargets(2, false, Balancer.HAPROXY, List.of())) {
            runs = new SaleBench(
                            targets,
                            new ProgressBar(System.err, false),
                            new LoadModel.ConstantArrivalRate(100, Duration.ofSeconds(4), 400, 400),
                            STOCK,
                            1,
                            Optional.of(new ServiceKill(Duration.ofSeconds(1))))
                    .run(strategies, 1, run -> {});
        }

        assertThat(runs).extracting(RunResult::strategy).containsExactlyElementsOf(strategies);
        for (RunResult run : runs) {
            System.err.println(TextReport.summary(run));
            assertThat(run.audit().passed())
                    .as(run.strategy() + ": " + run.audit().problems())
                    .isTrue();
            assertThat(run.audit().oversold()).as(run.strategy()).isZero();
            assertThat(run.audit().orders())
                    .as(run.strategy() + ": every acknowledged order is in the store")
                    .isBetween(
                            run.outcomes().success(),
                            run.outcomes().success()
                                    + run.outcomes().outcomeUnknown()
                                    + run.outcomes().networkError());
            FaultFigures fault = FaultFigures.of(run).orElseThrow();
            assertThat(fault.killedAtMs()).as(run.strategy()).isGreaterThanOrEqualTo(1_000);
            assertThat(fault.killedAtMs() / 1000.0)
                    .as(run.strategy() + ": the kill struck while buyers were still arriving")
                    .isLessThan(4.0);
            assertThat(fault.nextSaleMs())
                    .as(run.strategy() + ": a sale came through the balancer after the kill")
                    .isNotNegative();
            assertThat(fault.restartMs()).as(run.strategy()).isPositive();
            assertThat(TextReport.summary(run)).contains("FAULT kill-service@1000ms", "answers_lost");
        }
    }
}
