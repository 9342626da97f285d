package dev.stampede.bench.twoinstances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.report.LeaseFigures;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.scenario.SaleBench;
import dev.stampede.bench.service.LocalTargets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two instances of the service, separate JVM processes on one database (and, for the Redis leases, one Redis), take a
 * concurrent flash sale through the bench's round-robin. Every safe strategy sells exactly the stock; the JVM-local
 * lock, correct inside one process, oversells across the two. Buyers wait up to a minute for a SKU's lease, so that
 * every one of them gets a definite answer: leases queue buyers one at a time, and the default wait of 5 s answers
 * most of 400 simultaneous buyers busy.
 */
class TwoInstanceFlashSaleTest {

    private static final int STOCK = 100;
    private static final int BUYERS = 400;

    @ParameterizedTest(name = "lease backend {0}")
    @ValueSource(strings = {"jdbc", "redis", "etcd"})
    void safeStrategiesSellExactlyTheStockAndTheJvmLocalLockOversells(String backend) {
        List<String> strategies = new ArrayList<>(List.of("lease", "jvm-lock"));
        if (backend.equals("jdbc")) {
            strategies.addAll(0, List.of("pessimistic", "optimistic", "conditional", "batched"));
        }
        List<RunResult> runs;
        try (LocalTargets targets = new LocalTargets(
                2,
                false,
                List.of(
                        "stampede.lock.backend=" + backend,
                        "stampede.lock.max-wait=60s",
                        "spring.main.sources=" + JvmLocalLockConfig.class.getName()))) {
            assertThat(targets.baseUris()).hasSize(2);
            runs = new SaleBench(
                            targets,
                            new ProgressBar(System.err, false),
                            new LoadModel.PerVuIterations(BUYERS, 1),
                            STOCK)
                    .run(strategies, 1, run -> {});
        }

        for (RunResult run : runs) {
            if (run.strategy().equals("jvm-lock")) {
                assertThat(run.audit().passed()).as("jvm-lock across two JVMs").isFalse();
                assertThat(run.audit().oversold()).isPositive();
            } else {
                assertThat(run.audit().passed())
                        .as(run.strategy() + ": " + run.audit().problems())
                        .isTrue();
                assertThat(run.outcomes().success()).as(run.strategy()).isEqualTo(STOCK);
                assertThat(run.audit().orders()).as(run.strategy()).isEqualTo(STOCK);
                assertThat(run.outcomes().errors()).as(run.strategy()).isZero();
            }
            if (run.strategy().equals("lease")) {
                LeaseFigures leases = LeaseFigures.of(run).orElseThrow();
                assertThat(leases.acquired())
                        .as("leases taken by the two instances")
                        .isGreaterThanOrEqualTo(STOCK);
                assertThat(leases.timedOut() + leases.unavailable()).isZero();
            }
        }
        assertThat(runs).extracting(RunResult::strategy).containsExactlyElementsOf(strategies);
    }
}
