package dev.stampede.server.sale;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.IdempotentPurchases;
import dev.stampede.core.sale.KnownSoldOut;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.core.sale.SkuTurns;
import dev.stampede.core.sale.StockReturnFeed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The sale of SKUs: each purchase goes to its SKU's strategy, behind the idempotency check and the sold-out memory.
 * A SKU's strategy never changes, so it is looked up once per instance. It listens to the {@link StockReturnFeed}: when
 * units of a SKU come back to stock, on any instance, every strategy forgets what it remembered of that SKU's stock.
 */
public final class Sales implements StockReturnFeed.Listener {

    /** Why a SKU could not be put on sale. */
    public enum Refusal {
        UNKNOWN_STRATEGY,
        UNSAFE_DISABLED,
        ID_TAKEN
    }

    private final SkuStore skus;
    private final List<String> strategyNames;
    private final Map<String, PurchaseStrategy> strategies;
    private final boolean allowUnsafe;
    private final PurchaseMetrics metrics;
    private final Map<String, String> strategyOfSku = new ConcurrentHashMap<>();

    /**
     * Admission per SKU for the strategies that hold a connection per buyer (see {@link SkuTurns}).
     *
     * @param maxInFlightPerSku purchases of one SKU inside a strategy whose buyers serialize on one row
     * @param maxInFlightWithoutHotRow purchases of one SKU inside a strategy whose buyers do not (see {@link
     *     PurchaseStrategy#serializesOnOneRow()})
     * @param maxWait the longest a buyer waits for its turn before it is answered busy
     */
    public record Turns(int maxInFlightPerSku, int maxInFlightWithoutHotRow, Duration maxWait) {

        int maxInFlightIn(PurchaseStrategy strategy) {
            return strategy.serializesOnOneRow() ? maxInFlightPerSku : maxInFlightWithoutHotRow;
        }
    }

    public Sales(
            SkuStore skus,
            List<PurchaseStrategy> strategies,
            IdempotencyStore idempotency,
            Turns turns,
            boolean allowUnsafe,
            PurchaseMetrics metrics) {
        this.skus = skus;
        this.strategyNames = strategies.stream().map(PurchaseStrategy::name).toList();
        this.strategies = strategies.stream().collect(Collectors.toUnmodifiableMap(PurchaseStrategy::name, strategy -> {
            KnownSoldOut soldOut = new KnownSoldOut(strategy);
            PurchaseStrategy admitted = soldOut;
            if (!strategy.ordersItsOwnBuyers()) {
                SkuTurns inTurns =
                        new SkuTurns(soldOut, soldOut::isKnownSoldOut, turns.maxInFlightIn(strategy), turns.maxWait());
                metrics.turnsWaiting(strategy.name(), inTurns::waiting);
                admitted = inTurns;
            }
            return new IdempotentPurchases(admitted, idempotency, soldOut::isKnownSoldOut);
        }));
        this.allowUnsafe = allowUnsafe;
        this.metrics = metrics;
    }

    public List<String> strategyNames() {
        return strategyNames;
    }

    /**
     * Puts a SKU on sale, each buyer limited to {@code maxPerBuyer} units (empty: no limit), and lets its strategy
     * prepare for the sale ({@link PurchaseStrategy#putOnSale}); empty on success, else why not (nothing was changed
     * then).
     */
    public Optional<Refusal> create(String id, String name, String strategy, int stock, OptionalInt maxPerBuyer) {
        if (!strategies.containsKey(strategy)) {
            return Optional.of(Refusal.UNKNOWN_STRATEGY);
        }
        if (strategy.equals("unsafe") && !allowUnsafe) {
            return Optional.of(Refusal.UNSAFE_DISABLED);
        }
        if (!skus.create(id, name, strategy, stock, maxPerBuyer)) {
            return Optional.of(Refusal.ID_TAKEN);
        }
        strategies.get(strategy).putOnSale(id);
        return Optional.empty();
    }

    /**
     * Puts {@code units} more units of a SKU on sale ({@link SkuStore#restock}); every instance hears of it through the
     * feed, this one before the call returns. Empty if there is no such SKU.
     */
    public Optional<Sku> restock(String id, int units) {
        Optional<Sku> restocked = skus.restock(id, units);
        restocked.ifPresent(sku -> returned(sku.id()));
        return restocked;
    }

    @Override
    public void returned(String skuId) {
        strategies.values().forEach(strategy -> strategy.stockReturned(skuId));
    }

    @Override
    public void mayHaveReturned() {
        strategies.values().forEach(PurchaseStrategy::stockMayHaveReturned);
    }

    public Optional<Sku> find(String id) {
        return skus.find(id);
    }

    /**
     * The mechanism the SKU's strategy sells it by now on this instance, for a strategy that changes it per SKU
     * ({@link PurchaseStrategy#mode}: {@code adaptive}); empty for the others.
     */
    public Optional<String> mode(Sku sku) {
        PurchaseStrategy strategy = strategies.get(sku.strategy());
        return strategy == null ? Optional.empty() : strategy.mode(sku.id());
    }

    public Optional<SaleAudit> audit(String id) {
        return skus.audit(id);
    }

    public PurchaseResult purchase(PurchaseRequest request) {
        long start = System.nanoTime();
        Optional<String> strategy = Optional.empty();
        String outcome = "error";
        try {
            strategy = strategyOf(request.skuId());
            PurchaseResult result = strategy.map(name -> strategies.get(name).purchase(request))
                    .orElseGet(() -> new PurchaseResult.UnknownSku(request.skuId()));
            outcome = PurchaseMetrics.outcome(result);
            return result;
        } finally {
            metrics.record(strategy.orElse("none"), outcome, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * The SKU's strategy, looked up once per instance: the first buyers of a SKU, arriving together, wait for one
     * lookup instead of each taking a pooled connection for it (a flash sale's herd would otherwise exhaust the pool
     * before its first turn). An unknown SKU is not remembered.
     */
    private Optional<String> strategyOf(String skuId) {
        String known = strategyOfSku.get(skuId);
        if (known != null) {
            return Optional.of(known);
        }
        return Optional.ofNullable(strategyOfSku.computeIfAbsent(
                skuId, id -> skus.find(id).map(Sku::strategy).orElse(null)));
    }
}
