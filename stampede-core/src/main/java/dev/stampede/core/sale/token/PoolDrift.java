package dev.stampede.core.sale.token;

/**
 * Where a pool's copy of a SKU's tokens disagrees with the {@link TokenLedger}, counted in tokens.
 *
 * @param strayFree free in the pool but claimed or redeemed in the ledger: the pool would hand them out again (the
 *     ledger would refuse the claim)
 * @param lost free in the ledger but nowhere in the pool (not free, not in an open claim, not redeemed): units the pool
 *     would never sell
 * @param unmarkedRedeemed redeemed in the ledger but still in an open claim of the pool: its expiry would free them
 */
public record PoolDrift(int strayFree, int lost, int unmarkedRedeemed) {

    public static final PoolDrift NONE = new PoolDrift(0, 0, 0);

    public int total() {
        return strayFree + lost + unmarkedRedeemed;
    }
}
