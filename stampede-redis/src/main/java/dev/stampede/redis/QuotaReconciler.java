package dev.stampede.redis;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.redis.QuotaScripts.Credit;
import dev.stampede.redis.QuotaScripts.Transfer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes what a {@code quota} purchase left half done, bucket by bucket, from the records it wrote before each step:
 *
 * <ol>
 *   <li><b>transfers</b>: a share still in a transfer record {@code redriveAfter} after it was taken (its buyer's
 *       process died, or Redis failed, between taking the share and crediting it) is credited to its receiving bucket
 *       by its id (at most once: a transfer the buyer did credit answers "already"), then the record goes. No unit is
 *       lost or counted twice (the invariant is {@link QuotaScripts}'s);
 *   <li><b>re-drive</b>: a write-ahead record still pending {@code redriveAfter} after its take gets its order written
 *       from the record, or is dropped unsold when taken from a stale copy ({@link PendingRecords}), as for {@code
 *       redis}.
 * </ol>
 */
public final class QuotaReconciler {

    private static final Logger log = LoggerFactory.getLogger(QuotaReconciler.class);
    private static final int TRANSFERS_PER_RUN = 500;

    /**
     * What one run did, all SKUs together.
     *
     * @param redrivenOrders orders written from pending write-ahead records
     * @param redrivenUnits the units in those orders
     * @param droppedRecords pending records dropped unsold, taken from a copy that a newer one replaced
     * @param creditedTransfers shares left in transit that this run credited to their receiving bucket
     * @param creditedUnits the units of those shares
     */
    public record Repairs(
            long redrivenOrders, long redrivenUnits, long droppedRecords, long creditedTransfers, long creditedUnits) {}

    private final QuotaStock stock;
    private final PendingRecords pending;
    private final Duration redriveAfter;

    QuotaReconciler(QuotaStock stock, Duration redriveAfter) {
        this.stock = stock;
        this.pending = new PendingRecords(stock.redis(), stock.copies(), stock.copier(), stock.clock(), redriveAfter);
        this.redriveAfter = redriveAfter;
    }

    /**
     * One run over every bucket of every SKU of the strategy.
     *
     * @throws StoreUnavailableException if Redis or PostgreSQL cannot answer (what was done so far stays done)
     */
    public Repairs reconcile() {
        try {
            long orders = 0;
            long units = 0;
            long dropped = 0;
            long transfers = 0;
            long transferred = 0;
            for (String skuId : stock.redis().smembers(stock.keys().skus())) {
                OptionalInt count = stock.buckets().count(skuId);
                for (int bucket = 0; bucket < count.orElse(0); bucket++) {
                    for (Transfer transfer : stuck(skuId, bucket)) {
                        if (stock.transfers().credit(transfer) == Credit.CREDITED) {
                            transfers++;
                            transferred += transfer.units();
                            log.warn("Credited a share left in transit: {}", transfer);
                        }
                        stock.transfers().settle(transfer);
                    }
                    PendingRecords.Redrives redriven = pending.redrive(
                            skuId,
                            stock.keys().records(skuId, bucket),
                            stock.keys().pending(skuId, bucket));
                    orders += redriven.orders();
                    units += redriven.units();
                    dropped += redriven.dropped();
                }
            }
            return new Repairs(orders, units, dropped, transfers, transferred);
        } catch (RedisException e) {
            throw new StoreUnavailableException("redis unavailable", e);
        }
    }

    /** The bucket's transfer records older than {@code redriveAfter} (at most 500 a run). */
    private List<Transfer> stuck(String skuId, int bucket) {
        double before = stock.clock().millis() - redriveAfter.toMillis();
        return stock
                .redis()
                .zrangebyscore(
                        stock.keys().moving(skuId, bucket),
                        Range.create(Double.NEGATIVE_INFINITY, before),
                        Limit.create(0, TRANSFERS_PER_RUN))
                .stream()
                .flatMap(id ->
                        Optional.ofNullable(stock.redis().hget(stock.keys().outgoing(skuId, bucket), id))
                                .map(stored -> QuotaScripts.decode(UUID.fromString(id), skuId, bucket, stored))
                                .stream())
                .toList();
    }
}
