package dev.stampede.core.sale;

/**
 * The durable write that ends a purchase: the order, and the completion of its idempotency claim, in one atomic step.
 * For a strategy that decides outside the order's store (a claim token) and must then record what it sold (one whose
 * decision is a copy of the stock writes through {@link StockCopies} instead); the SQL strategies write the same rows inside their own transaction.
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
}
