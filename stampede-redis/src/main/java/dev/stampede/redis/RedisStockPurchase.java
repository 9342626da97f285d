package dev.stampede.redis;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.OrderStore;
import dev.stampede.core.sale.OrderStore.Placement;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.redis.StockScripts.Known;
import dev.stampede.redis.StockScripts.Short;
import dev.stampede.redis.StockScripts.Take;
import dev.stampede.redis.StockScripts.Taken;
import dev.stampede.redis.StockScripts.Unknown;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code redis} purchase strategy: the stock of a SKU lives in Redis, and one Lua script checks and decrements the
 * whole quantity and writes a write-ahead record of the request (buyer, quantity, key, a new order id) in the same step
 * ({@link StockScripts}). The order then becomes durable in PostgreSQL through {@link OrderStore#placeOnce} under the
 * record's order id, so that it is written at most once however often it is written; only then is the buyer answered
 * {@link PurchaseResult.Purchased} (HTTP 201), and the record is marked durable (taken off the SKU's pending set).
 *
 * <p>Nothing is ever given back: every record becomes an order. If the durable write fails, or the process dies after
 * the take, the record stays pending and {@link RedisStockReconciler} writes its order from it. The request itself
 * throws {@link OutcomeUnknownException} then (the unit is taken and its order will exist, but is not durable yet: HTTP
 * 503 {@code outcome-unknown}); a retry with the same key finds the record by its key, takes nothing again and writes
 * the same order. So stock in Redis never drifts from the orders, and a unit is never sold twice: PostgreSQL's
 * primary key lets each record's order land once. A keyed request whose record exists already (a double click, a
 * retry after a 503) takes nothing.
 *
 * <p>A SKU is put into Redis on its first purchase, from the durable record: its initial stock less the units of its
 * orders in PostgreSQL. Redis unreachable: {@link PurchaseResult.Busy} ("redis unavailable"), never sold out; the
 * purchase that follows Redis's return sells again. Stock only shrinks, so the sold-out memory in front of it stays
 * right.
 */
public final class RedisStockPurchase implements PurchaseStrategy {

    /** Not yet: the take does not count the buyer's units (issue 13 item 6 is open for {@code redis}). */
    @Override
    public boolean takesBuyerLimits() {
        return false;
    }

    /** The decisive step is one Redis script; the durable write only inserts the order. */
    @Override
    public boolean serializesOnOneRow() {
        return false;
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
    private final Steps steps;

    /**
     * @param keyPrefix the prefix of every Redis key written (see {@link StockKeys})
     * @param skus the durable store of SKUs: a SKU's initial stock, and the units of its orders
     * @param orders where orders become durable
     * @param clock stamps the records (the reconciler's age of a pending record)
     */
    public RedisStockPurchase(
            StatefulRedisConnection<String, String> connection,
            String keyPrefix,
            SkuStore skus,
            OrderStore orders,
            Clock clock) {
        this(RedisStock.of(connection.sync(), keyPrefix, skus, orders, clock), Steps.NONE);
    }

    RedisStockPurchase(RedisStock stock, Steps steps) {
        this.stock = stock;
        this.steps = steps;
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

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        WriteAheadRecord record =
                WriteAheadRecord.of(UUID.randomUUID(), request, stock.clock().instant());
        Take take;
        try {
            take = stock.scripts().take(record);
            if (take instanceof Unknown) {
                if (!putIntoRedis(request.skuId())) {
                    return new PurchaseResult.UnknownSku(request.skuId());
                }
                take = stock.scripts().take(record);
            }
        } catch (RedisException | StoreUnavailableException e) {
            log.debug("A redis purchase answered busy before its take", e);
            return new PurchaseResult.Busy(e instanceof RedisException ? "redis unavailable" : "database unavailable");
        }
        return switch (take) {
            case Unknown ignored -> throw new IllegalStateException("SKU " + request.skuId() + " left Redis at once");
            case Short(int remaining) -> new PurchaseResult.SoldOut(remaining);
            case Taken ignored -> {
                steps.taken(record);
                yield place(record, request);
            }
            case Known(WriteAheadRecord earlier)
            when earlier.quantity() != request.quantity() -> new PurchaseResult.KeyReused(request.idempotencyKey());
            case Known(WriteAheadRecord earlier) -> place(earlier, request);
        };
    }

    /** Writes the record's order durably, then marks the record durable. */
    private PurchaseResult place(WriteAheadRecord record, PurchaseRequest request) {
        Placement placement;
        try {
            placement = stock.orders().placeOnce(record.orderId(), request);
        } catch (StoreUnavailableException e) {
            throw new OutcomeUnknownException(
                    "the order of redis record " + record.orderId() + " is not durable yet; the reconciler writes it",
                    e);
        }
        return switch (placement) {
            case Placement.Placed placed -> {
                steps.placed(record);
                settle(record);
                yield new PurchaseResult.Purchased(placed.order(), false);
            }
            case Placement.ClaimLost lost -> new PurchaseResult.KeyInFlight(request.idempotencyKey());
        };
    }

    /** Takes a record whose order is durable off the pending set; if Redis cannot, the reconciler does it later. */
    void settle(WriteAheadRecord record) {
        try {
            stock.redis()
                    .zrem(stock.keys().pending(record.skuId()), record.orderId().toString());
        } catch (RedisException e) {
            log.debug("Redis record {} stays pending until the reconciler settles it", record, e);
        }
    }

    /**
     * Puts the SKU into Redis from PostgreSQL (unless another request did first): false if there is no such SKU.
     *
     * @throws StoreUnavailableException if PostgreSQL cannot answer
     */
    private boolean putIntoRedis(String skuId) {
        Optional<SaleAudit> durable = stock.skus().audit(skuId);
        if (durable.isEmpty()) {
            return false;
        }
        SaleAudit sku = durable.get();
        if (stock.scripts()
                .init(skuId, sku.initialStock(), Math.toIntExact(sku.initialStock() - sku.unitsInOrders()))) {
            log.info(
                    "SKU {} put into Redis: {} of {} units left",
                    skuId,
                    sku.initialStock() - sku.unitsInOrders(),
                    sku.initialStock());
        }
        return true;
    }
}
