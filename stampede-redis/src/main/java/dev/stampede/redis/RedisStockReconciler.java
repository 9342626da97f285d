package dev.stampede.redis;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.redis.StockScripts.Snapshot;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the Redis stock of every {@code redis} SKU back in line with PostgreSQL, from the durable record only, in two
 * steps per SKU:
 *
 * <ol>
 *   <li><b>re-drive</b>: a write-ahead record still pending {@code redriveAfter} after its take gets its order
 *       written from the record, or is dropped unsold when taken from a stale copy ({@link PendingRecords});
 *   <li><b>repair</b>: when no record is pending, the stock Redis holds must be the SKU's initial stock less the units
 *       of its orders in PostgreSQL; a difference (a Redis key changed by hand, an order written while Redis was being
 *       rebuilt) is corrected by a script that applies it only if no take ran since Redis was read, so a sale in
 *       progress is never overwritten (the repair waits for the next run instead).
 * </ol>
 *
 * Never guesses: a record is never dropped and stock is never given back on a suspicion; what was repaired is counted in
 * Redis (the audit's {@code repairedUnits}) and answered to the caller for its meters.
 */
public final class RedisStockReconciler {

    private static final Logger log = LoggerFactory.getLogger(RedisStockReconciler.class);

    /**
     * What one run repaired, all SKUs together.
     *
     * @param redrivenOrders orders written from pending records
     * @param redrivenUnits the units in those orders
     * @param droppedRecords pending records dropped unsold, taken from a copy that a newer one replaced
     * @param repairedUnits units by which SKUs' Redis stock was corrected to PostgreSQL's orders
     */
    public record Repairs(long redrivenOrders, long redrivenUnits, long droppedRecords, long repairedUnits) {}

    private final RedisStock stock;
    private final PendingRecords pending;

    RedisStockReconciler(RedisStock stock, Duration redriveAfter) {
        this.stock = stock;
        this.pending = new PendingRecords(stock.redis(), stock.copies(), stock.copier(), stock.clock(), redriveAfter);
    }

    /**
     * One run over every SKU of the strategy.
     *
     * @throws StoreUnavailableException if Redis or PostgreSQL cannot answer (what was done so far stays done)
     */
    public Repairs reconcile() {
        try {
            long orders = 0;
            long units = 0;
            long dropped = 0;
            long repaired = 0;
            for (String skuId : stock.redis().smembers(stock.keys().skus())) {
                Repairs of = reconcile(skuId);
                orders += of.redrivenOrders();
                units += of.redrivenUnits();
                dropped += of.droppedRecords();
                repaired += of.repairedUnits();
            }
            return new Repairs(orders, units, dropped, repaired);
        } catch (RedisException e) {
            throw new StoreUnavailableException("redis unavailable", e);
        }
    }

    private Repairs reconcile(String skuId) {
        PendingRecords.Redrives redriven =
                pending.redrive(skuId, stock.keys().records(skuId), stock.keys().pending(skuId));
        return new Repairs(redriven.orders(), redriven.units(), redriven.dropped(), repair(skuId));
    }

    /** The units by which the SKU's Redis stock was corrected (0 if it agreed, or could not be repaired this run). */
    private long repair(String skuId) {
        Optional<Snapshot> seen = stock.scripts().snapshot(skuId);
        if (seen.isEmpty() || seen.get().pendingRecords() > 0) {
            return 0;
        }
        Optional<SaleAudit> durable = stock.skus().audit(skuId);
        if (durable.isEmpty()) {
            return 0;
        }
        long expected = durable.get().initialStock() - durable.get().unitsInOrders();
        long delta = expected - seen.get().stock();
        if (delta == 0 || !stock.scripts().repair(skuId, seen.get().seq(), delta)) {
            return 0;
        }
        log.warn(
                "Repaired the Redis stock of SKU {} from {} to {} units (PostgreSQL's orders)",
                skuId,
                seen.get().stock(),
                expected);
        return Math.abs(delta);
    }
}
