package dev.stampede.jdbc.sale;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL purchase strategies, by name, sharing one database. They report what they do to {@code listener} (the
 * service's metrics) and retry lost races under {@link StrategySettings#retry()}.
 */
public final class JdbcPurchaseStrategies implements AutoCloseable {

    private final Map<String, PurchaseStrategy> byName = new LinkedHashMap<>();
    private final BatchedPurchase batched;

    public JdbcPurchaseStrategies(
            Transactions transactions,
            Clock clock,
            StrategySettings settings,
            LeaseSettings leases,
            PurchaseListener listener) {
        OrderWriter orders = new OrderWriter(clock);
        RetryPolicy retry = settings.retry();
        batched = new BatchedPurchase(
                transactions,
                orders,
                settings.batchQueueCapacity(),
                settings.maxBatchSize(),
                settings.lockTimeout(),
                retry,
                listener);
        List.of(
                        new UnsafeReadModifyWritePurchase(transactions, orders, retry, listener),
                        new PessimisticRowLockPurchase(transactions, orders, retry, settings.lockTimeout(), listener),
                        new OptimisticVersionPurchase(transactions, orders, retry, listener),
                        new ConditionalUpdatePurchase(transactions, orders, retry, listener),
                        batched,
                        new LeasePurchase(transactions, orders, retry, leases, listener))
                .forEach(strategy -> byName.put(strategy.name(), strategy));
    }

    public Optional<PurchaseStrategy> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The strategies in a stable order: {@code unsafe} first, then the safe ones. */
    public List<PurchaseStrategy> all() {
        return List.copyOf(byName.values());
    }

    @Override
    public void close() {
        batched.close();
    }
}
