package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.jdbc.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL purchase strategies, by name, sharing one database. */
public final class JdbcPurchaseStrategies implements AutoCloseable {

    private final Map<String, PurchaseStrategy> byName = new LinkedHashMap<>();
    private final BatchedPurchase batched;

    public JdbcPurchaseStrategies(
            Transactions transactions,
            Clock clock,
            StrategySettings settings,
            LeaseSettings leases,
            MeterRegistry meters) {
        OrderWriter orders = new OrderWriter(clock);
        batched = new BatchedPurchase(
                transactions,
                orders,
                settings.batchQueueCapacity(),
                settings.maxBatchSize(),
                settings.lockTimeout(),
                meters);
        List.of(
                        new UnsafeReadModifyWritePurchase(transactions, orders),
                        new PessimisticRowLockPurchase(transactions, orders, settings.lockTimeout(), meters),
                        new OptimisticVersionPurchase(transactions, orders, settings.optimisticRetry(), meters),
                        new ConditionalUpdatePurchase(transactions, orders),
                        batched,
                        new LeasePurchase(transactions, orders, leases, meters))
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
