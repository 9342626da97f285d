package dev.stampede.core.sale.token;

import java.util.Optional;

/**
 * The pool of a deployment without Redis: the {@link TokenLedger} itself decides each claim ({@code FOR UPDATE SKIP
 * LOCKED} over the token rows in PostgreSQL), so there is no second copy to tell or to reconcile.
 */
public final class LedgerTokenPool implements TokenPool {

    private final TokenLedger ledger;

    public LedgerTokenPool(TokenLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Grant claim(ClaimRequest request) {
        return ledger.claimFree(request);
    }

    @Override
    public void redeemed(TokenClaim claim) {}

    @Override
    public void released(TokenClaim claim) {}

    @Override
    public Optional<PoolDrift> check(String skuId) {
        return Optional.empty();
    }

    @Override
    public PoolDrift reconcile(String skuId) {
        return PoolDrift.NONE;
    }
}
