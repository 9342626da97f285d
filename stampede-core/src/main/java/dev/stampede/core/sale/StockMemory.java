package dev.stampede.core.sale;

import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this instance knows of SKUs' stock without asking the store: for each SKU, an upper bound of its stock (the
 * lowest stock read), so that a buyer asking for more can be answered at once. Stock only shrinks through purchases;
 * when units come back to stock ({@link PurchaseStrategy#stockReturned}), the SKU's bound is forgotten.
 *
 * <p>Forgetting is exact against reads that were in flight: a caller takes the {@link #epoch()} before it asks the
 * store and passes it to {@link #remember}, which keeps nothing if anything was forgotten since (the store may have
 * answered before the units came back). Any forgetting bumps the one epoch of this memory, so a return of one SKU may
 * also keep an in-flight read of another from being remembered: a lost shortcut, never a wrong answer.
 */
public final class StockMemory {

    private final ConcurrentMap<String, Integer> lowest = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();

    /** To be taken before the store is asked, and passed to {@link #remember} with what it answered. */
    public long epoch() {
        return epoch.get();
    }

    /** An upper bound of the SKU's stock now; empty when nothing is known. */
    public OptionalInt atMost(String skuId) {
        Integer known = lowest.get(skuId);
        return known == null ? OptionalInt.empty() : OptionalInt.of(known);
    }

    /**
     * The store answered that the SKU had {@code stock} units, for a read begun at {@code epoch}; remembered unless
     * something was forgotten since.
     */
    public void remember(String skuId, int stock, long epoch) {
        lowest.merge(skuId, stock, Math::min);
        if (this.epoch.get() != epoch) {
            lowest.remove(skuId);
        }
    }

    /** Units of the SKU came back to stock: forget its bound. */
    public void forget(String skuId) {
        epoch.incrementAndGet();
        lowest.remove(skuId);
    }

    /** Units of any SKU may have come back (the news of returns was interrupted): forget everything. */
    public void forgetAll() {
        epoch.incrementAndGet();
        lowest.clear();
    }
}
