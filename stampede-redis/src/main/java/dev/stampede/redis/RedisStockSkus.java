package dev.stampede.redis;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.redis.StockScripts.Snapshot;
import io.lettuce.core.RedisException;
import java.util.Optional;

/**
 * The SKUs of a durable {@link SkuStore}, with the stock of each {@code redis} SKU as Redis holds it (the durable row
 * keeps the durable stock, from which the orders' fenced writes take their units: see {@link
 * dev.stampede.core.sale.StockCopies}). Its audit checks that Redis agrees with PostgreSQL:
 * the Redis stock plus the units of the SKU's durable orders equals the initial stock; it also answers the units the
 * reconciler has repaired ({@link SaleAudit#repairedUnits()}) and the write-ahead records still pending ({@link
 * SaleAudit#pendingOrders()}). Redis and PostgreSQL are read in
 * turn, so the audit reads Redis again after PostgreSQL and answers only a reading during which no take ran and no
 * record was pending; under a sale that never pauses it answers its last reading after 10 tries (then a purchase in
 * flight shows as unaccounted units). Throws {@link StoreUnavailableException} when Redis cannot answer.
 *
 * <p>A restock grows the durable row; a {@code redis} SKU's stock in Redis learns of it from the reconciler's next
 * repair (the initial stock less the orders' units), within {@code stampede.redis.stock.reconcile-interval} once no
 * record is pending.
 */
final class RedisStockSkus extends SkuStoreView {

    private static final int AUDIT_TRIES = 10;

    private final StockScripts scripts;

    RedisStockSkus(RedisStock stock) {
        super(stock.skus());
        this.scripts = stock.scripts();
    }

    /** One read of each store: the durable row, and the SKU's stock in Redis (once copied there). */
    @Override
    public Optional<Sku> find(String id) {
        return durable.find(id).map(sku -> isRedis(sku) ? withRedisStock(sku) : sku);
    }

    @Override
    public Optional<SaleAudit> audit(String id) {
        return durable.find(id)
                .map(sku -> isRedis(sku) ? audited(sku) : durable.audit(id).orElseThrow());
    }

    private SaleAudit audited(Sku sku) {
        try {
            for (int tries = 1; ; tries++) {
                Optional<Snapshot> before = scripts.snapshot(sku.id());
                SaleAudit orders = durable.audit(sku.id()).orElseThrow();
                Optional<Snapshot> after = scripts.snapshot(sku.id());
                if (after.isEmpty()) {
                    // Not in Redis (not copied yet, or lost): its next copy puts it there with exactly this stock.
                    return withStock(orders, orders.initialStock() - orders.unitsInOrders(), 0, 0);
                }
                boolean still = before.isPresent()
                        && before.get().seq() == after.get().seq()
                        && before.get().pendingRecords() == 0;
                if (still || tries == AUDIT_TRIES) {
                    return withStock(
                            orders,
                            after.get().stock(),
                            after.get().repairedUnits(),
                            after.get().pendingRecords());
                }
            }
        } catch (RedisException e) {
            throw new StoreUnavailableException("redis unavailable", e);
        }
    }

    private Sku withRedisStock(Sku sku) {
        try {
            int stock = scripts.stock(sku.id()).orElseGet(() -> {
                SaleAudit orders = durable.audit(sku.id()).orElseThrow();
                return Math.toIntExact(orders.initialStock() - orders.unitsInOrders());
            });
            return new Sku(sku.id(), sku.name(), sku.strategy(), sku.initialStock(), stock, sku.maxPerBuyer());
        } catch (RedisException e) {
            throw new StoreUnavailableException("redis unavailable", e);
        }
    }

    private static SaleAudit withStock(SaleAudit orders, long stock, long repairedUnits, long pendingOrders) {
        return new SaleAudit(
                orders.skuId(),
                orders.initialStock(),
                Math.toIntExact(stock),
                orders.orders(),
                orders.unitsInOrders(),
                orders.duplicateKeys(),
                orders.buyersOverLimit(),
                repairedUnits,
                pendingOrders);
    }

    private static boolean isRedis(Sku sku) {
        return sku.strategy().equals("redis");
    }
}
