package dev.stampede.core.sale;

import dev.stampede.core.sale.PurchaseResult.SoldOut;

/**
 * Answers sold-out from memory once this instance has seen a SKU with zero stock, so that the herd arriving after the
 * last unit costs no store round trip. When units come back to stock ({@link #stockReturned}), the SKU is forgotten and
 * the next purchase asks the store again; a sold-out read that was in flight meanwhile is not remembered (see {@link
 * StockMemory}). Between a return's commit and the news of it reaching this instance (a few milliseconds through
 * {@link StockReturnFeed}), a buyer may still be answered sold out.
 */
public final class KnownSoldOut extends PurchaseDecorator {

    private final StockMemory memory = new StockMemory();

    public KnownSoldOut(PurchaseStrategy delegate) {
        super(delegate);
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        if (isKnownSoldOut(request.skuId())) {
            return new SoldOut(0);
        }
        long epoch = memory.epoch();
        PurchaseResult result = delegate.purchase(request);
        if (result instanceof SoldOut(int remaining) && remaining == 0) {
            memory.remember(request.skuId(), 0, epoch);
        }
        return result;
    }

    public boolean isKnownSoldOut(String skuId) {
        return memory.atMost(skuId).orElse(1) == 0;
    }

    @Override
    public void stockReturned(String skuId) {
        memory.forget(skuId);
        super.stockReturned(skuId);
    }

    @Override
    public void stockMayHaveReturned() {
        memory.forgetAll();
        super.stockMayHaveReturned();
    }
}
