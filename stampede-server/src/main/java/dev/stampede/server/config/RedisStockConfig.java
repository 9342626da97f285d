package dev.stampede.server.config;

import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import dev.stampede.redis.RedisStockPurchase;
import dev.stampede.redis.RedisStockReconciler;
import dev.stampede.server.config.HoldsConfig.RedisAccess;
import dev.stampede.server.jobs.PeriodicJob;
import dev.stampede.server.sale.PurchaseMetrics;
import dev.stampede.server.sale.RedisStockMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the {@code redis} purchase strategy (offered to {@link dev.stampede.server.sale.Sales} as a {@link
 * dev.stampede.core.sale.PurchaseStrategy} bean) on the service's Redis, and its reconciler as a periodic job.
 */
@Configuration(proxyBeanMethods = false)
class RedisStockConfig {

    @Bean
    RedisStockPurchase redisStockPurchase(
            RedisAccess redis,
            RedisProperties properties,
            TokenProperties tokens,
            StampedeProperties stampede,
            Transactions transactions,
            Clock clock,
            PurchaseMetrics metrics) {
        StampedeProperties.Strategies strategies = stampede.strategies();
        return new RedisStockPurchase(
                redis.commands(),
                properties.keyPrefix(),
                JdbcSaleStores.skus(transactions, clock, tokens.partitions()),
                JdbcSaleStores.stockCopies(transactions, clock),
                new RedisStockPurchase.Writes(
                        strategies.batchQueueCapacity(), strategies.maxBatchSize(), strategies.lockTimeout()),
                clock,
                metrics);
    }

    /** Writes the orders of records left pending and repairs Redis stock from PostgreSQL; metered. */
    @Bean
    PeriodicJob redisStockReconciler(
            FlywayMigrationInitializer migrated,
            RedisStockPurchase strategy,
            RedisStockProperties properties,
            MeterRegistry meters) {
        RedisStockReconciler reconciler = strategy.reconciler(properties.redriveAfter());
        RedisStockMetrics metrics = new RedisStockMetrics(meters);
        return new PeriodicJob("redis-stock-reconciler", properties.reconcileInterval(), () -> {
            RedisStockReconciler.Repairs repairs = reconciler.reconcile();
            metrics.repaired(
                    repairs.redrivenOrders(),
                    repairs.redrivenUnits(),
                    repairs.droppedRecords(),
                    repairs.repairedUnits());
        });
    }
}
