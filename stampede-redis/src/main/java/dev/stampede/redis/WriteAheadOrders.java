package dev.stampede.redis;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.OrderStore.Placement;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.core.sale.StockCopies.Placing;
import dev.stampede.redis.GroupCommittedOrders.Failed;
import dev.stampede.redis.GroupCommittedOrders.FromStaleCopy;
import dev.stampede.redis.GroupCommittedOrders.Landed;
import dev.stampede.redis.GroupCommittedOrders.NotYet;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable half of a purchase decided by a Lua take ({@code redis}, {@code quota}): writes the order of a {@link
 * WriteAheadRecord} with the others of its copy ({@link GroupCommittedOrders}, fenced by the copy's generation), answers
 * the buyer only once it is durable, then takes the record off its pending set. A take from a stale copy sold nothing:
 * the buyer is answered busy and the SKU copied again ({@link RedisStockCopier}).
 */
final class WriteAheadOrders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteAheadOrders.class);

    private final RedisClusterCommands<String, String> redis;
    private final RedisStockCopier copier;
    private final GroupCommittedOrders orders;

    /**
     * @param strategy the strategy's name, which the group commit's meters carry
     * @param listener told the size of each batch and given the queue's depth
     */
    WriteAheadOrders(
            RedisClusterCommands<String, String> redis,
            StockCopies copies,
            RedisStockCopier copier,
            RedisStockPurchase.Writes writes,
            String strategy,
            PurchaseListener listener) {
        this.redis = redis;
        this.copier = copier;
        this.orders = new GroupCommittedOrders(
                copies, writes.queueCapacity(), writes.maxBatchSize(), writes.maxWait(), strategy, listener);
    }

    /**
     * Writes the record's order durably as {@code request}'s, then takes it off the sorted set {@code pendingKey}.
     *
     * @throws OutcomeUnknownException if the order is not known to be durable yet: its record stays pending and the
     *     reconciler writes it
     */
    PurchaseResult place(
            WriteAheadRecord record, PurchaseRequest request, String pendingKey, RedisStockPurchase.Steps steps) {
        return switch (orders.place(record, new Placing(record.orderId(), request))) {
            case Landed(Placement.Placed placed) -> {
                steps.placed(record);
                settle(record, pendingKey);
                yield new PurchaseResult.Purchased(placed.order(), false);
            }
            case Landed(Placement.ClaimLost lost) -> new PurchaseResult.KeyInFlight(request.idempotencyKey());
            case FromStaleCopy stale -> {
                copyAgain(record);
                yield new PurchaseResult.Busy("the stock in redis was stale");
            }
            case NotYet(String why, Exception cause) ->
                throw new OutcomeUnknownException(
                        "the order of redis record " + record.orderId() + " is not durable yet (" + why
                                + "); the reconciler writes it",
                        cause);
            case Failed failed -> new PurchaseResult.Busy("the purchase could not be stored");
        };
    }

    /** A new copy after a take from a stale one; if Redis or PostgreSQL cannot, the next purchase or reconciler run does. */
    private void copyAgain(WriteAheadRecord record) {
        try {
            copier.copy(record.skuId(), OptionalLong.of(record.generation()));
        } catch (RedisException | StoreUnavailableException e) {
            log.debug("SKU {} is copied into Redis again later", record.skuId(), e);
        }
    }

    /** Takes a record whose order is durable off the pending set; if Redis cannot, the reconciler does it later. */
    private void settle(WriteAheadRecord record, String pendingKey) {
        try {
            redis.zrem(pendingKey, record.orderId().toString());
        } catch (RedisException e) {
            log.debug("Redis record {} stays pending until the reconciler settles it", record, e);
        }
    }

    /** Orders that wait for their batch are answered 503 {@code outcome-unknown}; the reconciler writes them. */
    @Override
    public void close() {
        orders.close();
    }
}
