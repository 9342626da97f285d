package dev.stampede.core.sale;

/**
 * A concurrency-control mechanism that sells units of a SKU.
 *
 * <p>Implementations must never sell more units than the stock holds, must never commit an order without decrementing
 * the stock by its quantity in the same transaction, and must answer contention with {@link PurchaseResult.Busy} or
 * {@link PurchaseResult.SoldOut}, not an exception. An exception means a bug or an unexpected fault. When the request
 * carries an idempotency key, the order and the completion of the key's claim are committed together or not at all,
 * and only while the key is still claimed under the request's {@link PurchaseRequest#claim() claim token}; otherwise
 * nothing is committed and the answer is {@link PurchaseResult.KeyInFlight}.
 */
public interface PurchaseStrategy {

    /** The name clients use to choose this strategy, for example {@code conditional}. */
    String name();

    PurchaseResult purchase(PurchaseRequest request);

    /**
     * Units of the SKU came back to stock ({@link SkuStore#restock}, a released claim), on this instance or another
     * ({@link StockReturnFeed}): a strategy that remembers a SKU's stock (a {@link StockMemory}) forgets it, so that its
     * next purchase decides against the store; a decorator passes the news on. Called after the return committed, on
     * the feed's thread: must be quick and must not throw. Does nothing by default.
     */
    default void stockReturned(String skuId) {}

    /** As {@link #stockReturned} for every SKU: the news of returns was interrupted, any SKU may have grown back. */
    default void stockMayHaveReturned() {}
}
