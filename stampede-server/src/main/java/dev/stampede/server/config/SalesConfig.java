package dev.stampede.server.config;

import dev.stampede.core.adaptive.AdaptivePurchase;
import dev.stampede.core.adaptive.ConflictRateRule;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.StockReturnFeed;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.JdbcIdempotencyStore;
import dev.stampede.jdbc.sale.JdbcPurchaseStrategies;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import dev.stampede.jdbc.sale.LeaseSettings;
import dev.stampede.redis.QuotaPurchase;
import dev.stampede.redis.RedisStockPurchase;
import dev.stampede.server.jobs.PeriodicJob;
import dev.stampede.server.sale.PurchaseMetrics;
import dev.stampede.server.sale.Sales;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the stores and strategies of the sale of SKUs. */
@Configuration(proxyBeanMethods = false)
class SalesConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The meters of the sale; the strategies report to them. */
    @Bean
    PurchaseMetrics purchaseMetrics(MeterRegistry meters, LeaseSettings leases) {
        return new PurchaseMetrics(meters, leases.lock().backend());
    }

    @Bean(destroyMethod = "close")
    JdbcPurchaseStrategies purchaseStrategies(
            Transactions transactions,
            Clock clock,
            StampedeProperties properties,
            LeaseSettings leases,
            PurchaseMetrics metrics) {
        return new JdbcPurchaseStrategies(
                transactions, clock, properties.strategies().settings(), leases, metrics);
    }

    /**
     * The {@code adaptive} strategy: offered to {@code sales} as every other {@link PurchaseStrategy} bean is; its
     * optimistic path takes turns per SKU as the built-in strategies do ({@code stampede.strategies.max-in-flight-per-sku},
     * {@code turn-wait}).
     */
    @Bean
    AdaptivePurchase adaptivePurchase(
            JdbcPurchaseStrategies strategies, StampedeProperties properties, PurchaseMetrics metrics) {
        StampedeProperties.Strategies settings = properties.strategies();
        AdaptivePurchase adaptive = strategies.adaptive(
                ConflictRateRule.perSku(settings.adaptive().settings()),
                settings.maxInFlightPerSku(),
                settings.turnWait());
        metrics.turnsWaiting(adaptive.name(), adaptive::waiting);
        return adaptive;
    }

    /** This instance's presence in the database: the owner of the idempotency claims it takes. */
    @Bean(destroyMethod = "close")
    InstanceLiveness instanceLiveness(DataSource dataSource, InstanceProperties properties) {
        return new InstanceLiveness(dataSource, properties.silenceLimit());
    }

    @Bean
    JdbcIdempotencyStore idempotencyStore(Transactions transactions, Clock clock, InstanceLiveness instance) {
        return new JdbcIdempotencyStore(transactions, clock, instance);
    }

    /** Shows the database this instance is alive, and frees keys its requests could not free during a fault. */
    @Bean
    PeriodicJob instanceHeartbeat(
            FlywayMigrationInitializer migrated, JdbcIdempotencyStore idempotency, InstanceProperties properties) {
        return new PeriodicJob("instance-heartbeat", properties.heartbeatInterval(), idempotency::heartbeat);
    }

    /**
     * Depends on the migration so that no request reaches tables that are not there yet. SKUs are read through the
     * {@code redis} strategy's view, which shows its SKUs' stock as Redis holds it, and through {@code quota}'s, whose audit counts
     * its SKUs' pending write-ahead records (a SKU sold by tokens has its tokens
     * minted over {@code stampede.tokens.partitions}). Every other {@link PurchaseStrategy} bean in the context is
     * offered after the built-in ones: {@code adaptive} (above), {@code tokens} ({@link TokensConfig}), {@code redis}
     * ({@link RedisStockConfig}),
     * and in the tests a strategy that must never ship.
     */
    @Bean
    Sales sales(
            FlywayMigrationInitializer migrated,
            JdbcPurchaseStrategies strategies,
            JdbcIdempotencyStore idempotency,
            ObjectProvider<PurchaseStrategy> added,
            StampedeProperties properties,
            PurchaseMetrics metrics,
            RedisStockPurchase redisStock,
            QuotaPurchase quota) {
        List<PurchaseStrategy> offered = new ArrayList<>(strategies.all());
        added.orderedStream().forEach(offered::add);
        return new Sales(
                quota.skus(redisStock.skus()),
                offered,
                idempotency,
                properties.strategies().turns(),
                properties.allowUnsafe(),
                metrics);
    }

    /** Tells {@code sales} when units come back to stock, on any instance: the sold-out memory stays right. */
    @Bean(destroyMethod = "close")
    StockReturnFeed stockReturns(DataSource dataSource, Sales sales) {
        return JdbcSaleStores.stockReturns(dataSource, sales);
    }
}
