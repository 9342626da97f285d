package dev.stampede.core.sale;

import dev.stampede.core.sale.IdempotencyStore.Claim;
import dev.stampede.core.sale.IdempotencyStore.Claimed;
import dev.stampede.core.sale.IdempotencyStore.Completed;
import dev.stampede.core.sale.IdempotencyStore.InFlight;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseResult.KeyReused;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import java.util.function.Predicate;

/**
 * Applies each idempotency key at most once: a replay answers the first order, the same key with another request is
 * refused, and a key still in flight is refused. Requests without a key go straight to the delegate. For a SKU known to
 * be sold out, a key is only looked up (one read), never claimed: nothing can be bought, so there is nothing to guard.
 */
public final class IdempotentPurchases extends PurchaseDecorator {

    private final IdempotencyStore store;
    private final Predicate<String> knownSoldOut;

    /**
     * {@code knownSoldOut}: whether a SKU is known to have no stock left now (a memory that forgets a SKU whose stock
     * came back, as {@link KnownSoldOut} does).
     */
    public IdempotentPurchases(PurchaseStrategy delegate, IdempotencyStore store, Predicate<String> knownSoldOut) {
        super(delegate);
        this.store = store;
        this.knownSoldOut = knownSoldOut;
    }

    public IdempotentPurchases(PurchaseStrategy delegate, IdempotencyStore store) {
        this(delegate, store, sku -> false);
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        if (request.idempotencyKey() == null) {
            return delegate.purchase(request);
        }
        if (knownSoldOut.test(request.skuId())) {
            return store.find(request.buyerId(), request.idempotencyKey())
                    .map(claim -> answer(request, claim))
                    .orElseGet(() -> new SoldOut(0));
        }
        return answer(request, store.claim(request.buyerId(), request.idempotencyKey(), request.fingerprint()));
    }

    private PurchaseResult answer(PurchaseRequest request, Claim claim) {
        String key = request.idempotencyKey();
        return switch (claim) {
            case Completed done when !done.fingerprint().equals(request.fingerprint()) -> new KeyReused(key);
            case InFlight busy when !busy.fingerprint().equals(request.fingerprint()) -> new KeyReused(key);
            case Completed done -> new Purchased(done.order(), true);
            case InFlight ignored -> new KeyInFlight(key);
            case Claimed claimed -> purchaseClaimed(request, claimed);
        };
    }

    private PurchaseResult purchaseClaimed(PurchaseRequest request, Claimed claimed) {
        boolean ordered = false;
        try {
            PurchaseResult result = delegate.purchase(request.withClaim(claimed.token()));
            ordered = result instanceof Purchased;
            return result;
        } finally {
            store.end(request.buyerId(), request.idempotencyKey(), claimed.token(), ordered);
        }
    }
}
