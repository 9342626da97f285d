package dev.stampede.core.sale;

import dev.stampede.core.sale.PurchaseResult.SoldOut;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers sold-out from memory once this instance has seen a SKU with zero stock, so that the herd arriving after the
 * last unit costs no database round trip. Stock never grows back, so the memory never goes stale.
 */
public final class KnownSoldOut implements PurchaseStrategy {

    private final PurchaseStrategy delegate;
    private final Set<String> soldOut = ConcurrentHashMap.newKeySet();

    public KnownSoldOut(PurchaseStrategy delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        if (soldOut.contains(request.skuId())) {
            return new SoldOut(0);
        }
        PurchaseResult result = delegate.purchase(request);
        if (result instanceof SoldOut(int remaining) && remaining == 0) {
            soldOut.add(request.skuId());
        }
        return result;
    }

    public boolean isKnownSoldOut(String skuId) {
        return soldOut.contains(skuId);
    }
}
