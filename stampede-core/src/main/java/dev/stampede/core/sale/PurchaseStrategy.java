package dev.stampede.core.sale;

import java.util.Optional;

/**
 * A concurrency-control mechanism that sells units of a SKU.
 *
 * <p>Implementations must never sell more units than the stock holds, must never let a buyer hold more than the SKU's
 * {@link Sku#maxPerBuyer() per-buyer limit} (decided in the same atomic step as the stock, answered {@link
 * PurchaseResult.OverBuyerLimit}), must never commit an order without decrementing the stock by its quantity in the
 * same transaction, and must answer contention with {@link PurchaseResult.Busy} or
 * {@link PurchaseResult.SoldOut}, not an exception. An exception means a bug or an unexpected fault, except
 * {@link dev.stampede.core.OutcomeUnknownException}: the purchase may or may not have been committed (a lost commit,
 * or a group commit that outlasted its buyer's wait), and only a retry under the same key can tell. When the request
 * carries an idempotency key, the order and the completion of the key's claim are committed together or not at all,
 * and only while the key is still claimed under the request's {@link PurchaseRequest#claim() claim token}; otherwise
 * nothing is committed and the answer is {@link PurchaseResult.KeyInFlight}.
 */
public interface PurchaseStrategy {

    /** The name clients use to choose this strategy, for example {@code conditional}. */
    String name();

    PurchaseResult purchase(PurchaseRequest request);

    /**
     * True if this strategy queues its buyers itself and needs all of them in its queue (group commit fills batches
     * from it), so that it must not be put behind {@link SkuTurns}; false by default.
     */
    default boolean ordersItsOwnBuyers() {
        return false;
    }

    /**
     * True (the default) if this strategy's buyers of one SKU serialize on one database row (its stock row, its lease
     * row), so that more than a few of them inside it at once only queue on that row; false if its decisive step is
     * elsewhere (tokens spread over partitions) and its database writes touch no shared row, so
     * that {@link SkuTurns} may let more of them in.
     */
    default boolean serializesOnOneRow() {
        return true;
    }

    /**
     * Units of the SKU came back to stock ({@link SkuStore#restock}, a released claim), on this instance or another
     * ({@link StockReturnFeed}): a strategy that remembers a SKU's stock (a {@link StockMemory}) forgets it, so that its
     * next purchase decides against the store; a decorator passes the news on. Called after the return committed, on
     * the feed's thread: must be quick and must not throw. Does nothing by default.
     */
    default void stockReturned(String skuId) {}

    /**
     * The mechanism this strategy sells the SKU by now on this instance, for a strategy that changes it per SKU
     * ({@code adaptive}: {@code optimistic} or {@code batched}); empty (the default) for every other strategy. A
     * decorator answers its delegate's.
     */
    default Optional<String> mode(String skuId) {
        return Optional.empty();
    }

    /** As {@link #stockReturned} for every SKU: the news of returns was interrupted, any SKU may have grown back. */
    default void stockMayHaveReturned() {}

    /**
     * The SKU was just put on sale with this strategy (its row committed: purchases on other instances may already be
     * under way, so what this does must be safe beside them): a strategy that sells from
     * a copy of the stock outside the database ({@code redis}, {@code quota}) makes that copy now, so that the sale's
     * first buyers take from it instead of waiting for it to be made (issue 16: with the copy made by the first
     * purchase, the buyers of a sale's first few hundred milliseconds waited for it, across the delay between regions
     * when the copy's buckets lay in both). Called on the request's thread before the SKU's creation is answered; must
     * not throw: a copy that cannot be made now (the copy's store unreachable) is left to the first purchase, as
     * before. Does nothing by default; a decorator passes it on.
     */
    default void putOnSale(String skuId) {}
}
