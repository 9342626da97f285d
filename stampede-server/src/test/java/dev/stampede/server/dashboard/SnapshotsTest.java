package dev.stampede.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.Sku;
import dev.stampede.server.sale.PurchaseMetrics;
import dev.stampede.testkit.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SnapshotsTest {

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T03:00:00Z"));
    private final HotKeys hotKeys = new HotKeys(8);
    private final Map<String, Sku> store = new HashMap<>();
    private boolean storeDown;
    private final Snapshots snapshots = new Snapshots(meters, hotKeys, this::find, clock);

    private Optional<Sku> find(String id) {
        if (storeDown) {
            throw new StoreUnavailableException("stopped by the test", null);
        }
        return Optional.ofNullable(store.get(id));
    }

    private Snapshot tick() {
        clock.advance(Duration.ofSeconds(2));
        snapshots.window();
        return snapshots.take();
    }

    @Test
    void countersBecomeRatesPerSecondSinceTheSnapshotBefore() {
        Counter purchased = Counter.builder("stampede.purchases")
                .tags("strategy", "batched", "outcome", "purchased")
                .register(meters);
        purchased.increment(7);
        tick();

        purchased.increment(10);
        Snapshot snapshot = tick();

        assertThat(snapshot.purchases()).containsEntry("batched purchased", 5.0);
        assertThat(snapshot.adaptiveSwitches()).isNull();
        assertThat(snapshot.admissionSheds()).isNull();
    }

    /** Issue 13: the "batches and queue" panel shows every group-committed strategy, as they report to the meters. */
    @Test
    void theBatchesAndQueuePanelShowsTheGroupCommitsOfRedisAndTokensBesideBatched() {
        PurchaseMetrics metrics = new PurchaseMetrics(meters, "jdbc");
        metrics.queueDepth("redis", () -> 3);
        metrics.queueDepth("tokens", () -> 12);
        tick();

        metrics.batch("batched", 40);
        metrics.batch("redis", 6);
        metrics.batch("redis", 10);
        metrics.batch("tokens", 16);
        Snapshot snapshot = tick();

        assertThat(snapshot.batchSize())
                .containsEntry("batched", 40.0)
                .containsEntry("redis", 8.0)
                .containsEntry("tokens", 16.0);
        assertThat(snapshot.queueDepth()).containsEntry("redis", 3.0).containsEntry("tokens", 12.0);
    }

    @Test
    void theCheckoutPanelShowsTransitionsByStateAndReasonAndPaymentCallsByOutcome() {
        Counter expired = Counter.builder("stampede.checkout.transitions")
                .tags("state", "released", "reason", "expired")
                .register(meters);
        Counter confirmed = Counter.builder("stampede.checkout.transitions")
                .tags("state", "confirmed", "reason", "none")
                .register(meters);
        Timer declined = Timer.builder("stampede.payment.calls")
                .tags("call", "charge", "outcome", "declined")
                .register(meters);
        tick();

        expired.increment(4);
        confirmed.increment(2);
        declined.record(Duration.ofSeconds(3));
        Snapshot snapshot = tick();

        assertThat(snapshot.checkouts())
                .containsEntry("→ released expired", 2.0)
                .containsEntry("→ confirmed", 1.0)
                .containsEntry("payment charge declined", 0.5);
    }

    @Test
    void theConflictRateIsConflictsPerAttemptAndAttemptsPerPurchaseTheirMean() {
        Counter conflicts = Counter.builder("stampede.optimistic.conflicts")
                .tag("strategy", "optimistic")
                .register(meters);
        DistributionSummary attempts = DistributionSummary.builder("stampede.optimistic.attempts")
                .tag("strategy", "optimistic")
                .register(meters);
        tick();

        attempts.record(1);
        attempts.record(3);
        conflicts.increment(2);
        Snapshot snapshot = tick();

        assertThat(snapshot.conflictRate()).containsEntry("optimistic", 0.5); // 2 lost of 2 + 2 attempts
        assertThat(snapshot.attemptsPerPurchase()).containsEntry("optimistic", 2.0);
    }

    @Test
    void theLockWaitHistogramCountsTheWaitsOfItsWindowPerBucket() {
        Timer rowLock = Timer.builder("stampede.lock.wait")
                .tag("strategy", "pessimistic")
                .publishPercentileHistogram()
                .register(meters);
        rowLock.record(Duration.ofMillis(3));
        tick();

        rowLock.record(Duration.ofMillis(4));
        rowLock.record(Duration.ofMillis(300));
        rowLock.record(Duration.ofSeconds(20));
        long[] bars = tick().lockWait().counts().get("row lock (pessimistic)");

        assertThat(bars).hasSize(LockWaitHistogram.BOUNDS_MILLIS.size() + 1);
        assertThat(bars[LockWaitHistogram.BOUNDS_MILLIS.indexOf(5.0)]).isEqualTo(1);
        assertThat(bars[LockWaitHistogram.BOUNDS_MILLIS.indexOf(500.0)]).isEqualTo(1);
        assertThat(bars[bars.length - 1]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(bars).sum()).isEqualTo(3);
        for (int i = 0; i < LockWaitHistogram.WINDOW; i++) {
            tick();
        }
        assertThat(tick().lockWait().counts().get("row lock (pessimistic)")).containsOnly(0);
    }

    @Test
    void theHottestSkusShowTheirStockAndSalesRateAndAreKeptAfterTheyCool() {
        store.put("tee", new Sku("tee", "T-shirt", "batched", 10, 10, OptionalInt.empty()));
        hotKeys.offer("tee");
        hotKeys.offer("nothing-by-this-id");
        tick();

        store.put("tee", new Sku("tee", "T-shirt", "batched", 10, 0, OptionalInt.empty()));
        for (int i = 0; i < 6; i++) {
            hotKeys.offer("tee");
        }
        Snapshot hot = tick();
        Snapshot cooled = tick();

        assertThat(hot.skus()).containsExactly(new Snapshot.SkuRow("tee", "batched", 10, 0, 5.0, 3.0));
        assertThat(cooled.skus()).containsExactly(new Snapshot.SkuRow("tee", "batched", 10, 0, 0.0, 0.0));
    }

    @Test
    void whenTheSkuStoreIsDownTheMetersStillFlowAndTheSkuRowsSaySo() {
        store.put("tee", new Sku("tee", "T-shirt", "batched", 10, 10, OptionalInt.empty()));
        hotKeys.offer("tee");
        Counter busy = Counter.builder("stampede.purchases")
                .tags("strategy", "batched", "outcome", "busy")
                .register(meters);
        tick();

        storeDown = true;
        busy.increment(4);
        Snapshot snapshot = tick();

        assertThat(snapshot.skuStoreReachable()).isFalse();
        assertThat(snapshot.skus()).isEmpty();
        assertThat(snapshot.purchases()).containsEntry("batched busy", 2.0);
    }

    @Test
    void theFirstSnapshotIsABaselineOfZeroRates() {
        Counter.builder("stampede.purchases")
                .tags("strategy", "batched", "outcome", "purchased")
                .register(meters)
                .increment(3);

        Snapshot first = tick();

        assertThat(first.purchases()).containsExactly(Map.entry("batched purchased", 0.0));
    }

    @Test
    void afterATimeNobodyWatchedTheFirstSnapshotIsABaselineNotAnAverageOverTheGap() {
        Counter purchased = Counter.builder("stampede.purchases")
                .tags("strategy", "batched", "outcome", "purchased")
                .register(meters);
        tick();
        purchased.increment(1_000);
        clock.advance(Duration.ofMinutes(10));

        Snapshot snapshot = tick();

        assertThat(snapshot.purchases()).containsEntry("batched purchased", 0.0);
    }
}
