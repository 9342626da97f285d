package dev.stampede.server.config;

import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import dev.stampede.redis.QuotaLayout;
import dev.stampede.redis.QuotaPurchase;
import dev.stampede.redis.QuotaReconciler;
import dev.stampede.redis.RedisStockPurchase;
import dev.stampede.server.config.HoldsConfig.RedisAccess;
import dev.stampede.server.jobs.PeriodicJob;
import dev.stampede.server.sale.PurchaseMetrics;
import dev.stampede.server.sale.QuotaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the {@code quota} purchase strategy (offered to {@link dev.stampede.server.sale.Sales} as a {@link
 * dev.stampede.core.sale.PurchaseStrategy} bean) on the service's Redis, with the {@code redis} strategy's group commit
 * settings, its meters, and its reconciler as a periodic job.
 */
@Configuration(proxyBeanMethods = false)
class QuotaConfig {

    @Bean
    QuotaPurchase quotaPurchase(
            RedisAccess redis,
            RedisProperties properties,
            QuotaProperties quota,
            StampedeProperties stampede,
            Transactions transactions,
            Clock clock,
            PurchaseMetrics metrics,
            MeterRegistry meters) {
        StampedeProperties.Strategies strategies = stampede.strategies();
        QuotaPurchase strategy = new QuotaPurchase(
                redis.commands(),
                properties.keyPrefix(),
                new QuotaLayout(quota.buckets(), quota.regions(), quota.servedRegion()),
                JdbcSaleStores.stockCopies(transactions, clock),
                new RedisStockPurchase.Writes(
                        strategies.batchQueueCapacity(), strategies.maxBatchSize(), strategies.lockTimeout()),
                clock,
                metrics);
        QuotaMetrics.register(
                meters, strategy, strategy::falseSoldOuts, strategy::sharesMoved, strategy::sharesMovedAcrossRegions);
        return strategy;
    }

    /** Credits shares left in transit and writes the orders of records left pending; metered. */
    @Bean
    PeriodicJob quotaReconciler(
            FlywayMigrationInitializer migrated,
            QuotaPurchase strategy,
            RedisStockProperties properties,
            MeterRegistry meters) {
        QuotaReconciler reconciler = strategy.reconciler(properties.redriveAfter());
        QuotaMetrics metrics = new QuotaMetrics(meters);
        return new PeriodicJob("quota-reconciler", properties.reconcileInterval(), () -> {
            QuotaReconciler.Repairs repairs = reconciler.reconcile();
            metrics.repaired(
                    repairs.creditedTransfers(),
                    repairs.creditedUnits(),
                    repairs.redrivenOrders(),
                    repairs.redrivenUnits(),
                    repairs.droppedRecords());
        });
    }
}
