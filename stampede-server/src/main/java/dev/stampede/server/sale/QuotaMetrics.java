package dev.stampede.server.sale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;

/**
 * The meters of the {@code quota} purchase strategy: buyers answered sold out while the SKU's buckets together still
 * held their quantity ({@code stampede_quota_false_sold_outs_total}), shares moved between buckets by buyers ({@code
 * stampede_quota_shares_moved_total}; of them, from a bucket of another region: {@code
 * stampede_quota_shares_moved_across_regions_total}), and what its reconciler repaired: shares left in transit that it credited
 * ({@code stampede_quota_credited_transfers_total}, and their units), orders written from write-ahead records left
 * pending ({@code stampede_quota_redriven_orders_total}, and their units), and records dropped unsold because they
 * were taken from a replaced copy ({@code stampede_quota_dropped_records_total}). Every series is there from the start.
 */
public final class QuotaMetrics {

    private final Counter creditedTransfers;
    private final Counter creditedUnits;
    private final Counter redrivenOrders;
    private final Counter redrivenUnits;
    private final Counter droppedRecords;

    public QuotaMetrics(MeterRegistry meters) {
        creditedTransfers = counter(meters, "credited.transfers", "Shares left in transit the reconciler credited");
        creditedUnits = counter(meters, "credited.units", "Units of the shares the reconciler credited");
        redrivenOrders =
                counter(meters, "redriven.orders", "Orders written by the reconciler from write-ahead records");
        redrivenUnits = counter(meters, "redriven.units", "Units in the orders the reconciler wrote");
        droppedRecords = counter(meters, "dropped.records", "Write-ahead records dropped unsold (a stale copy)");
    }

    /**
     * The strategy's own counts since the process started, read when scraped.
     *
     * @param strategy the strategy that keeps the counts: the meters hold it weakly (as Micrometer holds a function
     *     counter's state), so it must be held elsewhere (it is a bean); a method reference given as the state would
     *     be collected and read as 0
     */
    public static void register(
            MeterRegistry meters,
            Object strategy,
            LongSupplier falseSoldOuts,
            LongSupplier sharesMoved,
            LongSupplier sharesMovedAcrossRegions) {
        FunctionCounter.builder("stampede.quota.false.sold.outs", strategy, held -> falseSoldOuts.getAsLong())
                .description("Buyers answered sold out while the SKU's buckets together still held their quantity")
                .register(meters);
        FunctionCounter.builder("stampede.quota.shares.moved", strategy, held -> sharesMoved.getAsLong())
                .description("Shares of stock buyers moved from another bucket into their home bucket")
                .register(meters);
        FunctionCounter.builder(
                        "stampede.quota.shares.moved.across.regions",
                        strategy,
                        held -> sharesMovedAcrossRegions.getAsLong())
                .description(
                        "Of the shares moved, those from a bucket of another region (stampede.redis.quota.regions)")
                .register(meters);
    }

    /** One reconciler run repaired this much (zeros when nothing needed it). */
    public void repaired(long transfers, long transferredUnits, long orders, long units, long dropped) {
        creditedTransfers.increment(transfers);
        creditedUnits.increment(transferredUnits);
        redrivenOrders.increment(orders);
        redrivenUnits.increment(units);
        droppedRecords.increment(dropped);
    }

    private static Counter counter(MeterRegistry meters, String name, String description) {
        return Counter.builder("stampede.quota." + name)
                .description(description)
                .register(meters);
    }
}
