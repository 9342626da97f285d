package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.lock.JdbcLeaseLock;
import dev.stampede.testkit.PurchaseStrategyContract;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;

/** The purchase contract on embedded PostgreSQL; each strategy's test names its strategy. */
abstract class JdbcPurchaseContract extends PurchaseStrategyContract {

    static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());
    static final JdbcPurchaseStrategies STRATEGIES = strategies(TRANSACTIONS, StrategySettings.defaults());
    static final SkuStore SKUS = JdbcSaleStores.skus(TRANSACTIONS, Clock.systemUTC());
    static final JdbcIdempotencyStore IDEMPOTENCY = new JdbcIdempotencyStore(
            TRANSACTIONS, Clock.systemUTC(), new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10)));

    abstract String strategyName();

    /** Every SQL strategy on {@code transactions}, with JDBC leases of 30 s. */
    static JdbcPurchaseStrategies strategies(Transactions transactions, StrategySettings settings) {
        return strategies(transactions, settings, PurchaseListener.NONE);
    }

    /** As {@link #strategies(Transactions, StrategySettings)}, reporting to {@code listener}. */
    static JdbcPurchaseStrategies strategies(
            Transactions transactions, StrategySettings settings, PurchaseListener listener) {
        return new JdbcPurchaseStrategies(
                transactions,
                Clock.systemUTC(),
                settings,
                new LeaseSettings(
                        new JdbcLeaseLock(transactions, Clock.systemUTC()),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30)),
                listener);
    }

    @Override
    protected PurchaseStrategy strategy() {
        return STRATEGIES.named(strategyName()).orElseThrow();
    }

    @Override
    protected String newSku(int stock, OptionalInt maxPerBuyer) {
        return newSku(strategyName(), stock, maxPerBuyer);
    }

    /** Puts a new SKU with this stock and per-buyer limit on sale for the named strategy and returns its id. */
    static String newSku(String strategy, int stock, OptionalInt maxPerBuyer) {
        String id = strategy + "-" + UUID.randomUUID();
        SKUS.create(id, "test item", strategy, stock, maxPerBuyer);
        return id;
    }

    @Override
    protected SaleAudit audit(String skuId) {
        return SKUS.audit(skuId).orElseThrow();
    }

    @Override
    protected IdempotencyStore idempotencyStore() {
        return IDEMPOTENCY;
    }
}
