package dev.stampede.server.sale;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The meters of the sale, in one place: purchases by strategy and outcome and their latency (recorded by {@link
 * Sales}), and what the strategies report through {@link PurchaseListener} (lock waits, version conflicts and attempts,
 * batches and the batch queue, fenced writes refused, lease turns that timed out and the {@code adaptive} strategy's
 * switches). Meters are made per tag values
 * by Micrometer's {@link MeterProvider}s. The strategies' series exist from the start, at zero, for the strategies
 * that report them and the configured lease backend, as the README lists them (the batch sizes of the three
 * group-committed strategies, {@code batched}, {@code redis} and {@code tokens}; the queue gauge of each is registered
 * when the strategy hands over its reading, as it is built).
 */
public final class PurchaseMetrics implements PurchaseListener {

    private final MeterProvider<Counter> purchases;
    private final MeterProvider<Timer> latency;
    private final MeterProvider<Timer> lockWait;
    private final MeterProvider<Counter> conflicts;
    private final MeterProvider<DistributionSummary> attempts;
    private final MeterProvider<DistributionSummary> batchSizes;
    private final MeterProvider<Counter> fencedRefused;
    private final MeterProvider<Counter> turnTimeouts;
    private final MeterProvider<Counter> modeSwitches;
    private final MeterRegistry meters;

    /** {@code leaseBackend}: the backend of the {@code lease} strategy's lock ({@code jdbc}, {@code redis}, ...). */
    public PurchaseMetrics(MeterRegistry meters, String leaseBackend) {
        this.meters = meters;
        purchases = Counter.builder("stampede.purchases")
                .description("Purchase requests by strategy and outcome")
                .withRegistry(meters);
        latency = Timer.builder("stampede.purchase.latency")
                .description("Time to answer a purchase, from the service's point of view")
                .publishPercentileHistogram()
                .withRegistry(meters);
        lockWait = Timer.builder("stampede.lock.wait")
                .description("Time spent waiting for the SKU row lock")
                .publishPercentileHistogram()
                .withRegistry(meters);
        conflicts = Counter.builder("stampede.optimistic.conflicts")
                .description("Version conflicts: attempts that lost the race and were rolled back")
                .withRegistry(meters);
        attempts = DistributionSummary.builder("stampede.optimistic.attempts")
                .description("Attempts one purchase needed (1 = no conflict)")
                .withRegistry(meters);
        batchSizes = DistributionSummary.builder("stampede.batch.size")
                .description("Purchases committed together in one transaction")
                .withRegistry(meters);
        fencedRefused = Counter.builder("stampede.lease.fenced.refused")
                .description("Writes refused by the database because they carried a stale fencing token")
                .withRegistry(meters);
        turnTimeouts = Counter.builder("stampede.lease.turn.timeouts")
                .description("Buyers answered busy because their turn for the SKU's lease did not come in time")
                .withRegistry(meters);
        modeSwitches = Counter.builder("stampede.adaptive.switches")
                .description("SKUs the adaptive strategy switched: escalate (to batched) or step_down (to optimistic)")
                .withRegistry(meters);
        lockWait.withTag("strategy", "pessimistic");
        conflicts.withTag("strategy", "optimistic");
        attempts.withTag("strategy", "optimistic");
        for (String groupCommitted : List.of("batched", "redis", "quota", "tokens")) {
            batchSizes.withTag("strategy", groupCommitted);
        }
        fencedRefused.withTag("backend", leaseBackend);
        turnTimeouts.withTag("backend", leaseBackend);
        modeSwitches.withTag("direction", "escalate");
        modeSwitches.withTag("direction", "step_down");
    }

    void record(String strategy, String outcome, Duration took) {
        purchases.withTags("strategy", strategy, "outcome", outcome).increment();
        latency.withTag("strategy", strategy).record(took);
    }

    @Override
    public void lockWaited(String strategy, Duration wait) {
        lockWait.withTag("strategy", strategy).record(wait);
    }

    @Override
    public void conflict(String strategy) {
        conflicts.withTag("strategy", strategy).increment();
    }

    @Override
    public void attempts(String strategy, int count) {
        attempts.withTag("strategy", strategy).record(count);
    }

    @Override
    public void batch(String strategy, int size) {
        batchSizes.withTag("strategy", strategy).record(size);
    }

    @Override
    public void queueDepth(String strategy, IntSupplier depth) {
        Gauge.builder("stampede.batch.queue.depth", depth, IntSupplier::getAsInt)
                .description("Purchases waiting for their SKU's writer")
                .tag("strategy", strategy)
                .strongReference(true)
                .register(meters);
    }

    /** Buyers of a strategy waiting for a turn at their SKU ({@link dev.stampede.core.sale.SkuTurns}). */
    public void turnsWaiting(String strategy, IntSupplier waiting) {
        Gauge.builder("stampede.purchase.turns.waiting", waiting, IntSupplier::getAsInt)
                .description("Purchases waiting for a turn at their SKU")
                .tag("strategy", strategy)
                .strongReference(true)
                .register(meters);
    }

    @Override
    public void modeSwitched(String strategy, String skuId, String direction) {
        modeSwitches.withTag("direction", direction).increment();
    }

    @Override
    public void fencedWriteRefused(String backend) {
        fencedRefused.withTag("backend", backend).increment();
    }

    @Override
    public void leaseTurnTimedOut(String backend) {
        turnTimeouts.withTag("backend", backend).increment();
    }

    static String outcome(PurchaseResult result) {
        return switch (result) {
            case PurchaseResult.Purchased p -> p.replayed() ? "replayed" : "purchased";
            case PurchaseResult.SoldOut s -> s.remaining() == 0 ? "sold_out" : "insufficient_stock";
            case PurchaseResult.OverBuyerLimit o -> "buyer_limit";
            case PurchaseResult.Busy b -> "busy";
            case PurchaseResult.UnknownSku u -> "unknown_sku";
            case PurchaseResult.KeyReused k -> "key_reused";
            case PurchaseResult.KeyInFlight k -> "key_in_flight";
        };
    }
}
