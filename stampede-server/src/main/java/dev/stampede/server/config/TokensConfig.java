package dev.stampede.server.config;

import dev.stampede.core.sale.token.LedgerTokenPool;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenPool;
import dev.stampede.core.sale.token.TokenReconciler;
import dev.stampede.core.sale.token.TokenSale;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import dev.stampede.redis.RedisTokenPool;
import dev.stampede.server.config.HoldsConfig.RedisAccess;
import dev.stampede.server.jobs.PeriodicJob;
import dev.stampede.server.sale.PurchaseMetrics;
import dev.stampede.server.sale.TokenMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the {@code tokens} strategy: the ledger in PostgreSQL, the pool chosen by {@code stampede.tokens.pool}, the
 * reconciler and the sweeper. The {@link TokenSale} is a {@link dev.stampede.core.sale.PurchaseStrategy} bean, so
 * {@link SalesConfig} offers it beside the SQL strategies.
 */
@Configuration(proxyBeanMethods = false)
class TokensConfig {

    @Bean
    TokenLedger tokenLedger(
            Transactions transactions, Clock clock, StampedeProperties properties, TokenProperties tokens) {
        return JdbcSaleStores.tokens(
                transactions, clock, properties.strategies().settings().retry(), tokens.partitions());
    }

    /** The service's Redis only when chosen: on the PostgreSQL pool no token goes near Redis. */
    @Bean
    TokenPool tokenPool(
            TokenLedger ledger,
            TokenProperties tokens,
            RedisAccess redis,
            Clock clock,
            RedisProperties redisProperties) {
        if (!tokens.redis()) {
            return new LedgerTokenPool(ledger);
        }
        return new RedisTokenPool(redis.commands(), redisProperties.keyPrefix(), ledger, clock, tokens.partitions());
    }

    @Bean
    TokenReconciler tokenReconciler(TokenLedger ledger, TokenPool pool, MeterRegistry meters) {
        return new TokenReconciler(ledger, pool, new TokenMetrics(meters, pool.name()));
    }

    @Bean
    TokenSale tokenSale(
            FlywayMigrationInitializer migrated,
            TokenPool pool,
            TokenLedger ledger,
            TokenReconciler reconciler,
            Clock clock,
            TokenProperties tokens,
            StampedeProperties properties,
            PurchaseMetrics metrics) {
        StampedeProperties.Strategies strategies = properties.strategies();
        return new TokenSale(
                pool,
                ledger,
                reconciler,
                clock,
                tokens.claimTtl(),
                tokens.purchaseTtl(),
                new TokenSale.Redemptions(
                        strategies.batchQueueCapacity(), strategies.maxBatchSize(), strategies.lockTimeout()),
                metrics);
    }

    /** Repairs the pool from the ledger in the background; the ledger decides each claim anyway. */
    @Bean
    PeriodicJob tokenReconciliation(
            FlywayMigrationInitializer migrated, TokenReconciler reconciler, TokenProperties tokens) {
        return new PeriodicJob("token-reconciliation", tokens.reconcileInterval(), reconciler::reconcileAll);
    }

    /** Marks expired claims so in the ledger; expiry is decided in the conditional writes, this only tidies up. */
    @Bean
    PeriodicJob tokenSweep(
            FlywayMigrationInitializer migrated, TokenLedger ledger, Clock clock, TokenProperties tokens) {
        return new PeriodicJob("token-sweep", tokens.sweepInterval(), () -> ledger.sweep(clock.instant()));
    }
}
