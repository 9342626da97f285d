package dev.stampede.core.sale.token;

import java.util.Optional;

/**
 * Where claims on tokens are decided: PostgreSQL itself ({@code FOR UPDATE SKIP LOCKED} over the token rows), or Redis
 * (a Lua claim per partition) in front of the {@link TokenLedger}, which records every claim durably and decides when
 * the two disagree. The steps after a claim (checkout, release) go to the ledger first; the pool is told afterwards.
 *
 * <p>Throws {@link dev.stampede.core.StoreUnavailableException} when the pool or the ledger cannot be reached: nothing
 * was claimed then, or the claim is recorded nowhere durable and expires by itself.
 */
public interface TokenPool {

    /** {@code postgresql} or {@code redis}. */
    String name();

    /**
     * Claims {@code request.quantity()} tokens at once, all or none, and records the claim in the ledger before it
     * answers {@link Grant.Granted}; any other answer claimed nothing.
     */
    Grant claim(ClaimRequest request);

    /** The ledger redeemed {@code claim}: the pool stops counting its tokens as claimed. Never throws. */
    void redeemed(TokenClaim claim);

    /** The ledger freed {@code claim}: the pool may hand its tokens out again. Never throws. */
    void released(TokenClaim claim);

    /** Where the pool disagrees with the ledger about the SKU, changing nothing; empty if the pool is the ledger. */
    Optional<PoolDrift> check(String skuId);

    /** Repairs the pool's copy of the SKU from the ledger (never the other way); what it repaired. */
    PoolDrift reconcile(String skuId);
}
