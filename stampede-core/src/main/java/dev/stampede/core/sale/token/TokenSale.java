package dev.stampede.core.sale.token;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.batch.GroupCommit;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseResult.OverBuyerLimit;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.core.sale.PurchaseStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code tokens} strategy (seed 003's flash-sale exercise, issue 13 item 1): a SKU's units are pre-minted as
 * numbered claim tokens, and a purchase claims tokens in a {@link TokenPool} instead of decrementing one hot counter,
 * then redeems them into an order in the {@link TokenLedger}, completing its idempotency key in the same step.
 *
 * <p>Two ways to buy: {@link #purchase} (claim and redeem in one call; its claim holds for {@code purchaseTtl}, enough
 * for the redemption to follow; the redemptions of one SKU's purchases are group-committed, many buyers' orders in one
 * transaction, see {@link Redemptions}), and the two-phase {@link #claim} (held for {@code claimTtl}), {@link #checkout},
 * {@link #release}. A claim that is not checked out before it expires frees its tokens by itself: the expiry is part of
 * every conditional write, in the pool and in the ledger.
 *
 * <p>A pool that disagrees with the ledger ({@link Grant.Disagreed}) is repaired by the {@link TokenReconciler} at
 * once, and the claim is tried again once. Faults of the pool or the ledger are thrown as {@link
 * dev.stampede.core.StoreUnavailableException}: a buyer is answered busy, never sold to twice.
 *
 * <p>A SKU's per-buyer limit is decided when the claim is recorded in the ledger (see {@link TokenLedger}): a buyer
 * can neither claim nor buy past it, and units of a claim released or expired count no more.
 */
public final class TokenSale implements PurchaseStrategy, AutoCloseable {

    /**
     * How the redemptions of one-call purchases are group-committed ({@link GroupCommit}, keyed by SKU).
     *
     * @param queueCapacity redemptions waiting per SKU; one more is answered busy at once (its claim released), at
     *     least 1
     * @param maxBatchSize redemptions per transaction at most, at least 1
     * @param maxWait the longest a buyer waits for its turn (then busy, its claim released), and then as much again
     *     for its batch's commit (then 503 {@code outcome-unknown}: the claim is redeemed or expires by itself)
     */
    public record Redemptions(int queueCapacity, int maxBatchSize, Duration maxWait) {}

    /** What the group commit answers one member: the ledger's checkout, or nothing redeemed (why, for the log). */
    private sealed interface Redeeming {}

    private record Done(Checkout checkout) implements Redeeming {}

    private record NotRedeemed(String reason) implements Redeeming {}

    private static final System.Logger log = System.getLogger(TokenSale.class.getName());

    /** Tokens are spread over partitions; a redemption inserts rows and updates only its own tokens. */
    @Override
    public boolean serializesOnOneRow() {
        return false;
    }

    public static final String NAME = "tokens";

    private final TokenPool pool;
    private final TokenLedger ledger;
    private final TokenReconciler reconciler;
    private final Clock clock;
    private final Duration claimTtl;
    private final Duration purchaseTtl;
    private final GroupCommit<String, Redemption, Redeeming> redemptions;

    /**
     * @param claimTtl how long a two-phase claim holds
     * @param purchaseTtl how long a one-call purchase's claim holds (it is redeemed at once; this bounds how long a
     *     crash between the steps keeps its units)
     * @param redemptions how one-call purchases' redemptions are group-committed
     * @param listener told each batch's size and given the queue's depth (under the name {@code tokens})
     */
    public TokenSale(
            TokenPool pool,
            TokenLedger ledger,
            TokenReconciler reconciler,
            Clock clock,
            Duration claimTtl,
            Duration purchaseTtl,
            Redemptions redemptions,
            PurchaseListener listener) {
        this.pool = pool;
        this.ledger = ledger;
        this.reconciler = reconciler;
        this.clock = clock;
        this.claimTtl = requirePositive(claimTtl, "claimTtl");
        this.purchaseTtl = requirePositive(purchaseTtl, "purchaseTtl");
        this.redemptions = new GroupCommit<>(
                "token-redemptions",
                redemptions.queueCapacity(),
                redemptions.maxBatchSize(),
                requirePositive(redemptions.maxWait(), "maxWait"),
                this::redeemAll,
                new GroupCommit.Refusals<>() {
                    @Override
                    public Redeeming full() {
                        return new NotRedeemed("redemption queue full");
                    }

                    @Override
                    public Redeeming closed() {
                        return new NotRedeemed("shutting down");
                    }

                    @Override
                    public Redeeming noTurn(Duration waited) {
                        return new NotRedeemed("no turn in the redemption queue within " + waited);
                    }

                    @Override
                    public Redeeming failed(Throwable cause) {
                        log.log(
                                System.Logger.Level.ERROR,
                                "A token redemption could not be stored; it is answered busy",
                                cause);
                        // The cause goes to the log under the answer's errorId (its reason), never to the wire.
                        return new NotRedeemed("the purchase could not be stored: " + innermost(cause));
                    }
                },
                size -> listener.batch(NAME, size));
        listener.queueDepth(NAME, this.redemptions::queued);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        return switch (claim(request.skuId(), request.buyerId(), request.quantity(), purchaseTtl)) {
            case Grant.Granted(TokenClaim claim) -> redeem(claim, request);
            case Grant.Short(int free) -> new SoldOut(free);
            case Grant.OverBuyerLimit(int maxPerBuyer, int held) -> new OverBuyerLimit(maxPerBuyer, held);
            case Grant.UnknownSku(String skuId) -> new UnknownSku(skuId);
            case Grant.Disagreed disagreed -> new Busy("the token pool disagreed with the ledger twice");
        };
    }

    /**
     * Redeems the claim with the other one-call purchases of its SKU ({@link GroupCommit}): the buyer is answered
     * {@link Purchased} only once its order is committed. A redemption that did not happen releases its claim, so that
     * its units are free at once, and is answered busy.
     */
    private PurchaseResult redeem(TokenClaim claim, PurchaseRequest request) {
        return switch (redemptions.submit(claim.skuId(), new Redemption(claim, request))) {
            case Done(Checkout.Redeemed(TokenClaim redeemed, var order, boolean replayed)) -> {
                pool.redeemed(redeemed);
                yield new Purchased(order, false);
            }
            case Done(Checkout.KeyLost lost) -> {
                release(claim.id());
                yield new KeyInFlight(request.idempotencyKey());
            }
            case Done(Checkout.Expired expired) ->
                new Busy("the purchase's claim expired before its order was written");
            case Done(Checkout.Released released) ->
                throw new IllegalStateException("claim " + claim.id() + " was released by someone else");
            case Done(Checkout.UnknownClaim unknown) ->
                throw new IllegalStateException("claim " + claim.id() + " was granted but is not recorded");
            case NotRedeemed(String reason) -> unredeemed(claim, reason);
        };
    }

    /** One batch, one transaction; a store that cannot take it leaves every member unredeemed (busy). */
    private List<Redeeming> redeemAll(String skuId, List<Redemption> batch) {
        try {
            return ledger.redeemAll(batch, clock.instant()).stream()
                    .map(checkout -> checkout == null ? null : (Redeeming) new Done(checkout))
                    .toList();
        } catch (OutcomeUnknownException e) {
            throw e;
        } catch (StoreUnavailableException e) {
            return Collections.nCopies(batch.size(), new NotRedeemed(e.getMessage()));
        }
    }

    /**
     * A purchase whose redemption the queue answered as not done: its claim is released (if the ledger cannot, it
     * expires by itself) and the buyer answered busy. If the ledger finds the claim redeemed after all (the writer
     * failed after its batch committed), the buyer is answered its order, never a busy that its order contradicts.
     */
    private PurchaseResult unredeemed(TokenClaim claim, String reason) {
        try {
            if (release(claim.id()) instanceof Release.AlreadyRedeemed
                    && ledger.checkout(claim.id(), clock.instant())
                            instanceof Checkout.Redeemed(TokenClaim redeemed, var order, boolean replayed)) {
                pool.redeemed(redeemed);
                return new Purchased(order, false);
            }
        } catch (StoreUnavailableException e) {
            log.log(System.Logger.Level.DEBUG, "claim " + claim.id() + " is freed when it expires", e);
        }
        return new Busy(reason);
    }

    private static String innermost(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause == failure
                ? String.valueOf(failure.getMessage())
                : failure.getMessage() + ": " + cause.getMessage();
    }

    /** Claims {@code quantity} tokens for {@code buyerId}, held for the configured claim TTL. */
    public Grant claim(String skuId, String buyerId, int quantity) {
        return claim(skuId, buyerId, quantity, claimTtl);
    }

    private Grant claim(String skuId, String buyerId, int quantity, Duration ttl) {
        Grant grant = claimOnce(skuId, buyerId, quantity, ttl);
        if (grant instanceof Grant.Disagreed) {
            reconciler.reconcile(skuId);
            return claimOnce(skuId, buyerId, quantity, ttl);
        }
        return grant;
    }

    private Grant claimOnce(String skuId, String buyerId, int quantity, Duration ttl) {
        Instant now = clock.instant();
        return pool.claim(new ClaimRequest(UUID.randomUUID(), skuId, buyerId, quantity, now, now.plus(ttl)));
    }

    /** Checks the claim out into an order; idempotent (a second checkout answers the same order, replayed). */
    public Checkout checkout(UUID claimId) {
        Checkout checkout = ledger.checkout(claimId, clock.instant());
        if (checkout instanceof Checkout.Redeemed(TokenClaim claim, var order, boolean replayed) && !replayed) {
            pool.redeemed(claim);
        }
        return checkout;
    }

    /** Releases the claim; its tokens are free at once. Idempotent. */
    public Release release(UUID claimId) {
        Release release = ledger.release(claimId, clock.instant());
        if (release instanceof Release.Freed(TokenClaim claim, boolean now) && now) {
            pool.released(claim);
        }
        return release;
    }

    /** The claim as recorded; empty if none has this id. */
    public Optional<TokenClaim> find(UUID claimId) {
        return ledger.find(claimId);
    }

    /** The SKU's token invariants now; empty if it is not sold by tokens. */
    public Optional<TokenAudit> audit(String skuId) {
        return ledger.states(skuId, clock.instant())
                .map(states -> TokenAudit.of(states, pool.name(), pool.check(skuId), reconciler.repaired(skuId)));
    }

    /** Buyers waiting for their redemption's batch, or arriving, are answered busy (their claims released). */
    @Override
    public void close() {
        redemptions.close();
    }

    private static Duration requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }
}
