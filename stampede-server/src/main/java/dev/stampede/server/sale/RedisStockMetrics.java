package dev.stampede.server.sale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the reconciler of the {@code redis} purchase strategy repaired: orders written from write-ahead records left
 * pending ({@code stampede_redis_stock_redriven_orders_total}, and their units), records dropped unsold because they
 * were taken from a copy of the stock that a newer one replaced ({@code stampede_redis_stock_dropped_records_total}),
 * and units by which a SKU's Redis stock was corrected to PostgreSQL's orders ({@code
 * stampede_redis_stock_repaired_units_total}). Every series is there from the start.
 */
public final class RedisStockMetrics {

    private final Counter redrivenOrders;
    private final Counter redrivenUnits;
    private final Counter droppedRecords;
    private final Counter repairedUnits;

    public RedisStockMetrics(MeterRegistry meters) {
        redrivenOrders = Counter.builder("stampede.redis.stock.redriven.orders")
                .description("Orders of the redis strategy written by the reconciler from write-ahead records")
                .register(meters);
        redrivenUnits = Counter.builder("stampede.redis.stock.redriven.units")
                .description("Units in the orders the reconciler wrote from write-ahead records")
                .register(meters);
        droppedRecords = Counter.builder("stampede.redis.stock.dropped.records")
                .description("Write-ahead records of the redis strategy the reconciler dropped unsold (a stale copy)")
                .register(meters);
        repairedUnits = Counter.builder("stampede.redis.stock.repaired.units")
                .description("Units by which the reconciler corrected a SKU's Redis stock to PostgreSQL's orders")
                .register(meters);
    }

    /** One reconciler run repaired this much (zeros when nothing needed it). */
    public void repaired(long orders, long units, long dropped, long stockUnits) {
        redrivenOrders.increment(orders);
        redrivenUnits.increment(units);
        droppedRecords.increment(dropped);
        repairedUnits.increment(stockUnits);
    }
}
