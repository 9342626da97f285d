package dev.stampede.core.sale.token;

/** The answer of a pool to a {@link ClaimRequest}. Exactly one of these; contention is never an exception. */
public sealed interface Grant {

    /** The tokens are claimed, and the claim is recorded durably. */
    record Granted(TokenClaim claim) implements Grant {}

    /** Fewer than the quantity asked for are free: {@code free} tokens are (0: none now). Nothing was claimed. */
    record Short(int free) implements Grant {}

    /**
     * The SKU limits each buyer to {@code maxPerBuyer} units, in open claims and orders together, and this buyer holds
     * {@code held}: the claim would pass the limit (issue 13, item 6). Nothing was claimed.
     */
    record OverBuyerLimit(int maxPerBuyer, int held) implements Grant {}

    /** No SKU sold by tokens has this id. */
    record UnknownSku(String skuId) implements Grant {}

    /**
     * The pool and the durable record disagreed about a token (the pool's copy drifted); nothing was claimed. The pool
     * has been repaired from the durable record, so the buyer may try again at once.
     */
    record Disagreed(String skuId) implements Grant {}
}
