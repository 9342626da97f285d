package dev.stampede.core.sale;

import java.util.UUID;

/**
 * The durable write that ends a purchase: the order, and the completion of its idempotency claim, in one atomic step.
 * For a strategy that decides outside the order's store (a Redis check-and-decrement, a claim token) and must then
 * record what it sold; the SQL strategies write the same rows inside their own transaction.
 *
 * <p>The completion is fenced by the claim token in the write itself ({@link PurchaseRequest#claim()}, see {@link
 * IdempotencyStore}): if the request's key is no longer claimed under that token, nothing is written and the answer is
 * {@link Placement.ClaimLost}. A request without an idempotency key is always {@link Placement.Placed}.
 *
 * <p>Throws {@link dev.stampede.core.StoreUnavailableException} when the store could not take the write (nothing was
 * written), and its subclass {@link dev.stampede.core.OutcomeUnknownException} when the store was lost while
 * committing (the order may or may not exist). Throws {@link IllegalStateException} for a keyed request that was
 * never claimed: a bug of the caller.
 */
public interface OrderStore {

    /** What the write did. */
    sealed interface Placement {

        /** The order is stored, its key (if any) completed with it; {@code order.createdAt()} is as stored. */
        record Placed(Order order) implements Placement {}

        /** Nothing was written: the request's key was taken over by another claimant (or freed) meanwhile. */
        record ClaimLost(PurchaseRequest request) implements Placement {}
    }

    Placement place(PurchaseRequest request);

    /**
     * Places the order under {@code orderId}, chosen by the caller, at most once: for a strategy that decided the sale
     * elsewhere under that id (a write-ahead record in Redis) and may write it more than once (the request, then a
     * recovery task that finds the record without its order). If an order with this id is stored already, it is
     * answered as {@link Placement.Placed} as stored, and the request's key (if any) is completed with it; nothing is
     * written twice. Otherwise as {@link #place}: fenced by the claim token, same exceptions; also {@link
     * Placement.ClaimLost} when the buyer's key is already applied to another order. Throws {@link
     * IllegalStateException} if the stored order with this id is not the request's (another SKU, buyer or quantity).
     */
    Placement placeOnce(UUID orderId, PurchaseRequest request);
}
