package dev.stampede.jdbc.sale;

import dev.stampede.core.adaptive.AdaptivePurchase;
import dev.stampede.core.adaptive.ConflictRateRule;
import dev.stampede.core.adaptive.ModeRule;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The SQL purchase strategies, by name, sharing one database. They report what they do to {@code listener} (the
 * service's metrics) and retry lost races under {@link StrategySettings#retry()}.
 */
public final class JdbcPurchaseStrategies implements AutoCloseable {

    private final Map<String, PurchaseStrategy> byName = new LinkedHashMap<>();
    private final List<BatchedPurchase> writers = new CopyOnWriteArrayList<>();
    private final Transactions transactions;
    private final Clock clock;
    private final StrategySettings settings;
    private final PurchaseListener listener;
    private final OrderWriter orders;

    public JdbcPurchaseStrategies(
            Transactions transactions,
            Clock clock,
            StrategySettings settings,
            LeaseSettings leases,
            PurchaseListener listener) {
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
        this.listener = listener;
        this.orders = new OrderWriter(clock);
        RetryPolicy retry = settings.retry();
        List.of(
                        new UnsafeReadModifyWritePurchase(transactions, orders, retry, listener),
                        new PessimisticRowLockPurchase(transactions, orders, retry, settings.lockTimeout(), listener),
                        new OptimisticVersionPurchase("optimistic", transactions, orders, retry, listener),
                        new ConditionalUpdatePurchase(transactions, orders, retry, listener),
                        batched("batched"),
                        new LeasePurchase(transactions, orders, retry, leases, listener))
                .forEach(strategy -> byName.put(strategy.name(), strategy));
    }

    /**
     * The {@code adaptive} strategy ({@link AdaptivePurchase}) over this database: its own optimistic path and its own
     * group commit, both named {@code adaptive} in what they report, the SKU's mode decided by a rule from {@code
     * rules} ({@link ConflictRateRule#perSku} in the service). Make one per service: each has its own writers.
     *
     * @param maxInFlight optimistic purchases of one SKU inside the optimistic path at once
     * @param turnWait the longest a buyer waits for an optimistic turn
     */
    public AdaptivePurchase adaptive(Supplier<ModeRule> rules, int maxInFlight, Duration turnWait) {
        return new AdaptivePurchase(
                new OptimisticVersionPurchase("adaptive", transactions, orders, settings.retry(), listener),
                batched("adaptive"),
                rules,
                maxInFlight,
                turnWait,
                clock,
                listener);
    }

    private BatchedPurchase batched(String name) {
        BatchedPurchase batched = new BatchedPurchase(
                name,
                transactions,
                orders,
                settings.batchQueueCapacity(),
                settings.maxBatchSize(),
                settings.lockTimeout(),
                settings.retry(),
                listener);
        writers.add(batched);
        return batched;
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
        writers.forEach(BatchedPurchase::close);
    }
}
