package dev.stampede.core.sale;

import dev.stampede.core.sale.IdempotencyStore.Claimed;
import dev.stampede.core.sale.IdempotencyStore.Completed;
import dev.stampede.core.sale.IdempotencyStore.InFlight;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseResult.KeyReused;
import dev.stampede.core.sale.PurchaseResult.Purchased;

/**
 * Applies each idempotency key at most once: a replay answers the first order, the same key with another request is
 * refused, and a key still in flight is refused. Requests without a key go straight to the delegate.
 */
public final class IdempotentPurchases implements PurchaseStrategy {

    private final PurchaseStrategy delegate;
    private final IdempotencyStore store;

    public IdempotentPurchases(PurchaseStrategy delegate, IdempotencyStore store) {
        this.delegate = delegate;
        this.store = store;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        if (request.idempotencyKey() == null) {
            return delegate.purchase(request);
        }
        String key = request.idempotencyKey();
        return switch (store.claim(request.buyerId(), key, request.fingerprint())) {
            case Completed done when !done.fingerprint().equals(request.fingerprint()) -> new KeyReused(key);
            case InFlight busy when !busy.fingerprint().equals(request.fingerprint()) -> new KeyReused(key);
            case Completed done -> replay(done);
            case InFlight ignored -> new KeyInFlight(key);
            case Claimed ignored -> purchaseClaimed(request);
        };
    }

    private PurchaseResult replay(Completed done) {
        Order order = store.order(done.orderId())
                .orElseThrow(
                        () -> new IllegalStateException("idempotency key points at missing order " + done.orderId()));
        return new Purchased(order, true);
    }

    private PurchaseResult purchaseClaimed(PurchaseRequest request) {
        boolean committed = false;
        try {
            PurchaseResult result = delegate.purchase(request);
            committed = result instanceof Purchased;
            return result;
        } finally {
            if (!committed) {
                store.release(request.buyerId(), request.idempotencyKey());
            }
        }
    }
}
