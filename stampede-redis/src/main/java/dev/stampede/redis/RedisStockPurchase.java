package dev.stampede.redis;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.redis.StockScripts.Known;
import dev.stampede.redis.StockScripts.OverLimit;
import dev.stampede.redis.StockScripts.Short;
import dev.stampede.redis.StockScripts.Take;
import dev.stampede.redis.StockScripts.Taken;
import dev.stampede.redis.StockScripts.Unknown;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code redis} purchase strategy: a copy of the stock of a SKU lives in Redis, and one Lua script checks and
 * decrements the whole quantity, counts it to the buyer under the SKU's per-buyer limit (if any; else {@link
 * PurchaseResult.OverBuyerLimit}, nothing taken), and writes a write-ahead record of the request (buyer, quantity, key,
 * a new order id, the copy's generation) in the same step ({@link StockScripts}). A copy carries each buyer's units
 * from the durable orders, so the limit survives a new copy. The order then becomes durable in PostgreSQL through
 * {@link StockCopies#placeAll} under the record's order id, so that it is written at most once however often it is
 * written, and only while the copy's generation is the SKU's and the durable stock covers it; only then is the buyer
 * answered {@link PurchaseResult.Purchased} (HTTP 201), and the record is marked durable (taken off the SKU's pending
 * set).
 *
 * <p>Nothing of the current copy is given back: each of its records becomes an order. If the durable write fails, or
 * the process dies after the take, the record stays pending and {@link RedisStockReconciler} writes its order from it.
 * The request itself throws {@link OutcomeUnknownException} then (HTTP 503 {@code outcome-unknown}); a retry with the
 * same key finds the record by its key, takes nothing again and writes the same order. A keyed request whose record
 * exists already (a double click, a retry after a 503) takes nothing.
 *
 * <p>A SKU is copied into Redis when it is put on sale ({@link #putOnSale}), or on its first purchase if that copy could
 * not be made, and again when Redis lost it or a durable write found the copy stale ({@link RedisStockCopier}); a
 * take from a replaced copy sells nothing: {@link PurchaseResult.Busy}. So
 * PostgreSQL, not Redis, decides: a unit is never sold twice. Redis unreachable: {@link PurchaseResult.Busy} ("redis
 * unavailable"), never sold out; the purchase that follows Redis's return sells again.
 */
public final class RedisStockPurchase implements PurchaseStrategy, AutoCloseable {

    /**
     * How the durable writes are group-committed ({@link GroupCommittedOrders}).
     *
     * @param queueCapacity orders waiting per copy of a SKU's stock before one is written on its own, at least 1
     * @param maxBatchSize orders per transaction at most, at least 1
     * @param maxWait the longest a buyer waits for its order's batch, and then as much again for its commit, before
     *     503 {@code outcome-unknown} (its record stays pending: the reconciler writes the order)
     */
    public record Writes(int queueCapacity, int maxBatchSize, Duration maxWait) {}

    /** Its durable writes are group-committed: every buyer that took units should reach the queue of its copy. */
    @Override
    public boolean ordersItsOwnBuyers() {
        return true;
    }

    private static final Logger log = LoggerFactory.getLogger(RedisStockPurchase.class);

    /** Test hooks between the steps of a purchase: a hook that throws stops the purchase there, as a crash would. */
    interface Steps {
        Steps NONE = new Steps() {};

        /** The take and its record are in Redis; nothing durable yet. */
        default void taken(WriteAheadRecord record) {}

        /** The order is durable; the record is still pending in Redis. */
        default void placed(WriteAheadRecord record) {}
    }

    private final RedisStock stock;
    private final WriteAheadOrders orders;
    private final Steps steps;

    /**
     * @param keyPrefix the prefix of every Redis key written (see {@link StockKeys})
     * @param skus the durable store of SKUs: a SKU's initial stock, and the units of its orders
     * @param copies the durable side of the copies in Redis: their generations, and the fenced writes of orders
     * @param writes how the durable writes are group-committed
     * @param clock stamps the records (the reconciler's age of a pending record)
     * @param listener told the size of each batch of durable writes and given the queue's depth (as {@code redis})
     */
    public RedisStockPurchase(
            RedisClusterCommands<String, String> redis,
            String keyPrefix,
            SkuStore skus,
            StockCopies copies,
            Writes writes,
            Clock clock,
            PurchaseListener listener) {
        this(RedisStock.of(redis, keyPrefix, skus, copies, clock), writes, Steps.NONE, listener);
    }

    RedisStockPurchase(RedisStock stock, Writes writes, Steps steps, PurchaseListener listener) {
        this.stock = stock;
        this.orders = new WriteAheadOrders(stock.redis(), stock.copies(), stock.copier(), writes, name(), listener);
        this.steps = steps;
    }

    /** Orders that wait for their batch are answered 503 {@code outcome-unknown}; the reconciler writes them. */
    @Override
    public void close() {
        orders.close();
    }

    /**
     * The reconciler of this strategy's SKUs.
     *
     * @param redriveAfter how long after its take a pending record is left to its own request (longer than a purchase
     *     takes: re-driving earlier is safe, only wasted work)
     */
    public RedisStockReconciler reconciler(Duration redriveAfter) {
        return new RedisStockReconciler(stock, redriveAfter);
    }

    /** The SKUs of the durable store with the stock of this strategy's SKUs as Redis holds it (see {@link RedisStockSkus}). */
    public SkuStore skus() {
        return new RedisStockSkus(stock);
    }

    @Override
    public String name() {
        return "redis";
    }

    /** Copies the SKU into Redis now, not at its first purchase ({@link RedisStockCopier#copyAhead}). */
    @Override
    public void putOnSale(String skuId) {
        stock.copier().copyAhead(skuId);
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        UUID orderId = UUID.randomUUID();
        Take take;
        try {
            take = stock.scripts().take(orderId, request, stock.clock().instant());
            if (take instanceof Unknown) {
                if (!stock.copier().copy(request.skuId(), OptionalLong.empty())) {
                    return new PurchaseResult.UnknownSku(request.skuId());
                }
                take = stock.scripts().take(orderId, request, stock.clock().instant());
            }
        } catch (OutcomeUnknownException e) {
            // A take whose answer timed out may still have been taken: never answered busy (StockScripts#take).
            throw e;
        } catch (RedisException | StoreUnavailableException e) {
            log.debug("A redis purchase answered busy before its take", e);
            return new PurchaseResult.Busy(e instanceof RedisException ? "redis unavailable" : "database unavailable");
        }
        return switch (take) {
            // Another instance's copy superseded this one's and has not reached Redis yet.
            case Unknown ignored -> new PurchaseResult.Busy("the stock in redis is being copied");
            case Short(int remaining) -> new PurchaseResult.SoldOut(remaining);
            case OverLimit(int maxPerBuyer, int held) -> new PurchaseResult.OverBuyerLimit(maxPerBuyer, held);
            case Taken(WriteAheadRecord record) -> {
                steps.taken(record);
                yield place(record, request);
            }
            case Known(WriteAheadRecord earlier)
            when earlier.quantity() != request.quantity() -> new PurchaseResult.KeyReused(request.idempotencyKey());
            case Known(WriteAheadRecord earlier) -> place(earlier, request);
        };
    }

    private PurchaseResult place(WriteAheadRecord record, PurchaseRequest request) {
        return orders.place(record, request, stock.keys().pending(record.skuId()), steps);
    }
}
