package dev.stampede.core.sale.token;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Repairs a {@link TokenPool}'s copy of every SKU sold by tokens from the {@link TokenLedger} (issue 13, item 4): the
 * ledger is never changed, and nothing is guessed; a token the pool holds in an open claim the ledger does not know yet
 * (a claim between its two steps) is left to expire. Counts what it repaired per SKU and tells {@code listener}; when
 * it put lost tokens back, it tells every instance through the ledger ({@link TokenLedger#returned}), since one may have
 * answered sold out from memory meanwhile (issue 13, item 7).
 */
public final class TokenReconciler {

    /** Told of every repair that changed something; must be quick and must not throw. */
    @FunctionalInterface
    public interface RepairListener {
        void repaired(String pool, PoolDrift repaired);
    }

    private final TokenLedger ledger;
    private final TokenPool pool;
    private final RepairListener listener;
    private final Map<String, LongAdder> repaired = new ConcurrentHashMap<>();

    public TokenReconciler(TokenLedger ledger, TokenPool pool, RepairListener listener) {
        this.ledger = ledger;
        this.pool = pool;
        this.listener = listener;
    }

    /** Reconciles every SKU sold by tokens. */
    public void reconcileAll() {
        ledger.skus().forEach(this::reconcile);
    }

    /** Reconciles one SKU; what was repaired. */
    public PoolDrift reconcile(String skuId) {
        PoolDrift drift = pool.reconcile(skuId);
        if (drift.lost() > 0) {
            ledger.returned(skuId);
        }
        if (drift.total() > 0) {
            repaired.computeIfAbsent(skuId, sku -> new LongAdder()).add(drift.total());
            listener.repaired(pool.name(), drift);
        }
        return drift;
    }

    /** Tokens repaired in the SKU's copy since this instance started. */
    public long repaired(String skuId) {
        LongAdder count = repaired.get(skuId);
        return count == null ? 0 : count.sum();
    }
}
