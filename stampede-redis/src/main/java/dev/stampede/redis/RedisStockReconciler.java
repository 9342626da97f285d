package dev.stampede.redis;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.OrderStore.Placement;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.StockCopies.Placements;
import dev.stampede.core.sale.StockCopies.Placing;
import dev.stampede.core.sale.StockCopies.Stale;
import dev.stampede.core.sale.StockCopies.Written;
import dev.stampede.redis.StockScripts.Snapshot;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the Redis stock of every {@code redis} SKU back in line with PostgreSQL, from the durable record only, in two
 * steps per SKU:
 *
 * <ol>
 *   <li><b>re-drive</b>: a write-ahead record still pending {@code redriveAfter} after its take (its request failed to
 *       write the order, or its process died) gets its order written from the record ({@link
 *       dev.stampede.core.sale.StockCopies#placeAll} under the record's order id, so an order that did land is not
 *       written twice, fenced by the generation of the copy it was taken from), then leaves the pending set; a record
 *       taken from a stale copy is dropped (nothing was sold) and the SKU copied again;
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
    private static final int RECORDS_PER_RUN = 500;

    /**
     * What one run repaired, all SKUs together.
     *
     * @param redrivenOrders orders written from pending records
     * @param redrivenUnits the units in those orders
     * @param droppedRecords pending records dropped unsold, taken from a copy that a newer one replaced
     * @param repairedUnits units by which SKUs' Redis stock was corrected to PostgreSQL's orders
     */
    public record Repairs(long redrivenOrders, long redrivenUnits, long droppedRecords, long repairedUnits) {}

    /** How re-driving one record ended. */
    private enum Redriven {
        WRITTEN,
        DROPPED
    }

    private final RedisStock stock;
    private final Duration redriveAfter;

    RedisStockReconciler(RedisStock stock, Duration redriveAfter) {
        this.stock = stock;
        this.redriveAfter = redriveAfter;
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
        long orders = 0;
        long units = 0;
        long dropped = 0;
        double before = stock.clock().millis() - redriveAfter.toMillis();
        for (String id : stock.redis()
                .zrangebyscore(
                        stock.keys().pending(skuId),
                        Range.create(Double.NEGATIVE_INFINITY, before),
                        Limit.create(0, RECORDS_PER_RUN))) {
            Optional<WriteAheadRecord> record = Optional.ofNullable(
                            stock.redis().hget(stock.keys().records(skuId), id))
                    .map(encoded -> WriteAheadRecord.decode(UUID.fromString(id), skuId, encoded));
            if (record.isEmpty()) {
                throw new IllegalStateException("pending order " + id + " of SKU " + skuId + " has no record");
            }
            switch (redrive(record.get())) {
                case WRITTEN -> {
                    orders++;
                    units += record.get().quantity();
                }
                case DROPPED -> dropped++;
            }
        }
        return new Repairs(orders, units, dropped, repair(skuId));
    }

    /**
     * Writes the record's order under its copy's generation. A stale copy can never write it (generations only grow):
     * the record is dropped, unsold, and the SKU copied again unless Redis holds a later copy already.
     */
    private Redriven redrive(WriteAheadRecord record) {
        Placements placements = stock.copies()
                .placeAll(
                        record.skuId(), record.generation(), List.of(new Placing(record.orderId(), record.unkeyed())));
        String id = record.orderId().toString();
        return switch (placements) {
            case Stale stale -> {
                stock.copier().copy(record.skuId(), OptionalLong.of(record.generation()));
                stock.redis().hdel(stock.keys().records(record.skuId()), id);
                stock.redis().zrem(stock.keys().pending(record.skuId()), id);
                log.warn("Dropped redis record {}: taken from a stale copy of the stock, nothing was sold", record);
                yield Redriven.DROPPED;
            }
            case Written(List<Placement> written)
            when written.getFirst() instanceof Placement.Placed -> {
                stock.redis().zrem(stock.keys().pending(record.skuId()), id);
                log.info("Re-drove redis record {} into its order", record);
                yield Redriven.WRITTEN;
            }
            case Written written ->
                throw new IllegalStateException("the order of record " + record + " was refused: " + written);
        };
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
