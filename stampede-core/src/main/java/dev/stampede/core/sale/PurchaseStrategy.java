package dev.stampede.core.sale;

/**
 * A concurrency-control mechanism that sells units of a SKU.
 *
 * <p>Implementations must never sell more units than the stock holds, must never commit an order without decrementing
 * the stock by its quantity in the same transaction, and must answer contention with {@link PurchaseResult.Busy} or
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
}
