package dev.stampede.core.sale.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable record of a SKU's claim tokens (PostgreSQL): which are free, which are claimed by whom until when, which
 * are redeemed into which order. It decides whenever a {@link TokenPool} kept elsewhere disagrees with it.
 *
 * <p>A token claimed until {@code expiresAt} is free again from that instant on: every conditional write compares the
 * expiry with the {@code now} it is given, so expiry needs no sweeper ({@link #sweep} only tidies). Every method is one
 * atomic step and throws {@link dev.stampede.core.StoreUnavailableException} when the store cannot be reached (nothing
 * was changed), or its subclass {@link dev.stampede.core.OutcomeUnknownException} when it was lost while committing.
 *
 * <p><b>Per-buyer limits</b> (issue 13, item 6): on a SKU with {@link dev.stampede.core.sale.Sku#maxPerBuyer()}, a
 * claim takes its units for its buyer in the same step that records it ({@link Grant.OverBuyerLimit} when the buyer's
 * open claims and orders would pass the limit), a redemption keeps them, and a claim that ends without an order
 * (released, expired) gives them back in the step that ends it.
 *
 * <p><b>Returns</b> (issue 13, item 7): every step that frees a claim's tokens (a release, the end of an expired claim
 * by a later claim, a checkout or the {@link #sweep}) publishes the SKU's return to every instance in the same
 * transaction ({@link dev.stampede.core.sale.StockReturnFeed}), so that an instance that answered sold out from memory
 * asks again.
 */
public interface TokenLedger {

    /**
     * Picks {@code quantity} free tokens of the SKU and records the claim on them, in one step: the pool of a deployment
     * without Redis. Answers {@link Grant.Granted}, {@link Grant.Short}, {@link Grant.OverBuyerLimit} or {@link
     * Grant.UnknownSku}.
     */
    Grant claimFree(ClaimRequest request);

    /**
     * Records a claim on {@code tokens} that a pool picked, only if every one of them is free here at {@code
     * request.now()}: {@link Grant.Granted} if so, else {@link Grant.Disagreed} (nothing recorded), {@link
     * Grant.OverBuyerLimit} or {@link Grant.UnknownSku}.
     */
    Grant record(ClaimRequest request, List<Integer> tokens);

    /**
     * Checks a claim out: if it is open at {@code now}, its tokens are redeemed into one order of the claim's buyer and
     * quantity, in one step. A claim checked out before answers its order again ({@code replayed}).
     */
    Checkout checkout(UUID claimId, Instant now);

    /**
     * Redeems open claims into the orders their one-call purchases ask for, all in one step (one transaction: the group
     * commit of {@link TokenSale#purchase}), completing each request's idempotency claim in the same step, fenced by its
     * token ({@link dev.stampede.core.sale.PurchaseRequest#claim()}). Answers one {@link Checkout} per member, in order,
     * as {@link #checkout} does for one claim, with one exception: when a member's key was taken over, that member is
     * answered {@link Checkout.KeyLost} and every other one {@code null}: the step was rolled back, nothing was written,
     * and those members are to be redeemed again (the contract of {@link
     * dev.stampede.core.batch.GroupCommit.Committer}).
     */
    List<Checkout> redeemAll(List<Redemption> redemptions, Instant now);

    /** Releases an open claim (its tokens are free at once, its counted units given back); idempotent. */
    Release release(UUID claimId, Instant now);

    /** The claim as recorded; empty if none has this id. */
    Optional<TokenClaim> find(UUID claimId);

    /** The SKU's tokens by state at {@code now}, read in one snapshot; empty if the SKU is not sold by tokens. */
    Optional<TokenStates> states(String skuId, Instant now);

    /** The ids of every SKU sold by tokens. */
    List<String> skus();

    /**
     * Ends the claims expired by {@code now}: marked so, their tokens free, their counted units given back, the return
     * published; answers how many claims it ended.
     */
    int sweep(Instant now);

    /**
     * Tells every instance that tokens of the SKU came back by a step outside the ledger (a pool repaired from it
     * found free tokens it had lost), as {@link dev.stampede.core.sale.StockReturnFeed#publish} does.
     */
    void returned(String skuId);
}
