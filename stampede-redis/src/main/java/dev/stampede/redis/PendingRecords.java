package dev.stampede.redis;

import dev.stampede.core.sale.OrderStore.Placement;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.core.sale.StockCopies.Placements;
import dev.stampede.core.sale.StockCopies.Placing;
import dev.stampede.core.sale.StockCopies.Stale;
import dev.stampede.core.sale.StockCopies.Written;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-drives write-ahead records left pending (their request failed to write the order, or its process died): each
 * record still pending {@code redriveAfter} after its take gets its order written from the record ({@link
 * StockCopies#placeAll} under the record's order id, so an order that did land is not written twice, fenced by the
 * generation of the copy it was taken from), then leaves the pending set; a record taken from a stale copy is dropped
 * (nothing was sold) and the SKU copied again. Shared by the reconcilers of {@code redis} (one record set per SKU) and
 * {@code quota} (one per bucket). Throws Lettuce's {@code RedisException} and {@link
 * dev.stampede.core.StoreUnavailableException} when a store cannot answer.
 */
final class PendingRecords {

    private static final Logger log = LoggerFactory.getLogger(PendingRecords.class);
    private static final int RECORDS_PER_RUN = 500;

    /** What one pass over a record set did: orders written (and their units), and records dropped unsold. */
    record Redrives(long orders, long units, long dropped) {}

    private final RedisClusterCommands<String, String> redis;
    private final StockCopies copies;
    private final RedisStockCopier copier;
    private final Clock clock;
    private final Duration redriveAfter;

    PendingRecords(
            RedisClusterCommands<String, String> redis,
            StockCopies copies,
            RedisStockCopier copier,
            Clock clock,
            Duration redriveAfter) {
        this.redis = redis;
        this.copies = copies;
        this.copier = copier;
        this.clock = clock;
        this.redriveAfter = redriveAfter;
    }

    /**
     * Re-drives the SKU's records held in the hash {@code recordsKey} and pending in the sorted set {@code pendingKey}
     * (at most 500 a run).
     */
    Redrives redrive(String skuId, String recordsKey, String pendingKey) {
        long orders = 0;
        long units = 0;
        long dropped = 0;
        double before = clock.millis() - redriveAfter.toMillis();
        for (String id : redis.zrangebyscore(
                pendingKey, Range.create(Double.NEGATIVE_INFINITY, before), Limit.create(0, RECORDS_PER_RUN))) {
            String encoded = redis.hget(recordsKey, id);
            if (encoded == null) {
                throw new IllegalStateException("pending order " + id + " of SKU " + skuId + " has no record");
            }
            WriteAheadRecord record = WriteAheadRecord.decode(UUID.fromString(id), skuId, encoded);
            if (redrive(record, recordsKey, pendingKey)) {
                orders++;
                units += record.quantity();
            } else {
                dropped++;
            }
        }
        return new Redrives(orders, units, dropped);
    }

    /**
     * Writes the record's order under its copy's generation: true. A stale copy can never write it (generations only
     * grow): the record is dropped, unsold, and the SKU copied again unless Redis holds a later copy already: false.
     */
    private boolean redrive(WriteAheadRecord record, String recordsKey, String pendingKey) {
        Placements placements = copies.placeAll(
                record.skuId(), record.generation(), List.of(new Placing(record.orderId(), record.unkeyed())));
        String id = record.orderId().toString();
        return switch (placements) {
            case Stale stale -> {
                copier.copy(record.skuId(), OptionalLong.of(record.generation()));
                redis.hdel(recordsKey, id);
                redis.zrem(pendingKey, id);
                log.warn("Dropped redis record {}: taken from a stale copy of the stock, nothing was sold", record);
                yield false;
            }
            case Written(List<Placement> written)
            when written.getFirst() instanceof Placement.Placed -> {
                redis.zrem(pendingKey, id);
                log.info("Re-drove redis record {} into its order", record);
                yield true;
            }
            case Written written ->
                throw new IllegalStateException("the order of record " + record + " was refused: " + written);
        };
    }
}
