package dev.stampede.core.sale;

/**
 * The news that units of a SKU came back to stock, told to every instance of the service, so that each forgets what
 * it remembered of the SKU's stock ({@link PurchaseStrategy#stockReturned}). A return is published in the transaction
 * that returns the units ({@link SkuStore#restock} does), or right after it committed ({@link #publish}); every
 * instance subscribed then hears it once it committed. When the feed cannot be sure it heard everything (its
 * connection broke, it has just started), it says so ({@link Listener#mayHaveReturned}) and a listener forgets
 * everything.
 *
 * <p>Source: seed 003 (the sold-out answer from memory is a cache of a fact that a released claim or an expired token
 * makes false) and issue 13, item 7.
 */
public interface StockReturnFeed extends AutoCloseable {

    /** What an instance does with the news; called on the feed's own thread, must be quick and must not throw. */
    interface Listener {

        /** Units of this SKU came back to stock. */
        void returned(String skuId);

        /** Units of any SKU may have come back while the feed could not hear (at its start, after a break). */
        void mayHaveReturned();
    }

    /**
     * Tells every instance that units of {@code skuId} came back, for a return that has committed. Throws {@link
     * dev.stampede.core.StoreUnavailableException} when the news could not be sent; the instances then keep answering
     * from what they remember until their feed breaks or the news is published again.
     */
    void publish(String skuId);

    /** Stops listening, without waiting for the feed's thread; a delivery under way when it is called may still end. */
    @Override
    void close();
}
