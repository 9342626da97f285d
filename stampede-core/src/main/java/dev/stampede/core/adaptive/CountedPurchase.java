package dev.stampede.core.adaptive;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;

/** An optimistic purchase that tells how it went: the {@code adaptive} strategy's optimistic path. */
@FunctionalInterface
public interface CountedPurchase {

    /** What one purchase cost: its {@code attempts} (at least 1), {@code conflicts} of which lost a race. */
    @FunctionalInterface
    interface Tally {
        void attempted(int attempts, int conflicts);
    }

    /**
     * As {@link dev.stampede.core.sale.PurchaseStrategy#purchase}, and tells {@code tally} once, before it answers, how
     * many attempts the purchase took and how many of them lost a race (not at all if it threw).
     */
    PurchaseResult purchase(PurchaseRequest request, Tally tally);
}
