package dev.stampede.core.sale;

import java.util.Objects;

/** The answer to one {@link PurchaseRequest}. Exactly one of these; contention is never an exception. */
public sealed interface PurchaseResult {

    /** The order was committed ({@code replayed}: it had been committed earlier under the same idempotency key). */
    record Purchased(Order order, boolean replayed) implements PurchaseResult {
        public Purchased {
            Objects.requireNonNull(order, "order");
        }
    }

    /** Not enough stock: {@code remaining} units are left (0 means sold out). Nothing was changed. */
    record SoldOut(int remaining) implements PurchaseResult {}

    /**
     * The buyer already holds {@code held} units in orders of this SKU, and this purchase would take it past the SKU's
     * {@code maxPerBuyer} ({@link Sku#maxPerBuyer()}). Nothing was changed. Decided in the same atomic step as the
     * stock, so that concurrent purchases of one buyer can never pass the limit together.
     */
    record OverBuyerLimit(int maxPerBuyer, int held) implements PurchaseResult {}

    /** A transient condition (lock timeout, retries exhausted, full queue, database unreachable); try again later. */
    record Busy(String reason) implements PurchaseResult {}

    /** No SKU has this id. */
    record UnknownSku(String skuId) implements PurchaseResult {}

    /** The idempotency key was used before by this buyer for a different request. */
    record KeyReused(String key) implements PurchaseResult {}

    /** A request with this idempotency key is still being processed. */
    record KeyInFlight(String key) implements PurchaseResult {}
}
