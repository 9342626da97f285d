package dev.stampede.core.sale;

import java.util.Optional;

/**
 * A strategy in front of another ({@link KnownSoldOut}, {@link SkuTurns}, {@link IdempotentPurchases}): it changes how
 * a purchase reaches its delegate and is, for everything else, its delegate: the name, whether it orders its own
 * buyers or serializes on one row, the mode of a SKU, and every notice ({@link #stockReturned}, {@link
 * #stockMayHaveReturned}, {@link #putOnSale}) is passed on. A decorator that must hear a notice itself overrides it and
 * calls this one.
 */
abstract class PurchaseDecorator implements PurchaseStrategy {

    /** The strategy behind this one. */
    protected final PurchaseStrategy delegate;

    protected PurchaseDecorator(PurchaseStrategy delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean ordersItsOwnBuyers() {
        return delegate.ordersItsOwnBuyers();
    }

    @Override
    public boolean serializesOnOneRow() {
        return delegate.serializesOnOneRow();
    }

    @Override
    public void stockReturned(String skuId) {
        delegate.stockReturned(skuId);
    }

    @Override
    public Optional<String> mode(String skuId) {
        return delegate.mode(skuId);
    }

    @Override
    public void stockMayHaveReturned() {
        delegate.stockMayHaveReturned();
    }

    @Override
    public void putOnSale(String skuId) {
        delegate.putOnSale(skuId);
    }
}
