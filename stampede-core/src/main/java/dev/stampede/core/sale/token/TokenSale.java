package dev.stampede.core.sale.token;

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
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code tokens} strategy (seed 003's flash-sale exercise, issue 13 item 1): a SKU's units are pre-minted as
 * numbered claim tokens, and a purchase claims tokens in a {@link TokenPool} instead of decrementing one hot counter,
 * then redeems them into an order in the {@link TokenLedger}, completing its idempotency key in the same step.
 *
 * <p>Two ways to buy: {@link #purchase} (claim and redeem in one call; its claim holds for {@code purchaseTtl}, enough
 * for the redemption to follow), and the two-phase {@link #claim} (held for {@code claimTtl}), {@link #checkout},
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
public final class TokenSale implements PurchaseStrategy {

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

    /** {@code claimTtl}, {@code purchaseTtl}: how long a two-phase claim and a one-call purchase's claim hold. */
    public TokenSale(
            TokenPool pool,
            TokenLedger ledger,
            TokenReconciler reconciler,
            Clock clock,
            Duration claimTtl,
            Duration purchaseTtl) {
        this.pool = pool;
        this.ledger = ledger;
        this.reconciler = reconciler;
        this.clock = clock;
        this.claimTtl = requirePositive(claimTtl, "claimTtl");
        this.purchaseTtl = requirePositive(purchaseTtl, "purchaseTtl");
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

    private PurchaseResult redeem(TokenClaim claim, PurchaseRequest request) {
        return switch (ledger.redeem(claim, request, clock.instant())) {
            case Checkout.Redeemed(TokenClaim redeemed, var order, boolean replayed) -> {
                pool.redeemed(redeemed);
                yield new Purchased(order, false);
            }
            case Checkout.KeyLost lost -> {
                release(claim.id());
                yield new KeyInFlight(request.idempotencyKey());
            }
            case Checkout.Expired expired -> new Busy("the purchase's claim expired before its order was written");
            case Checkout.Released released ->
                throw new IllegalStateException("claim " + claim.id() + " was released by someone else");
            case Checkout.UnknownClaim unknown ->
                throw new IllegalStateException("claim " + claim.id() + " was granted but is not recorded");
        };
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

    private static Duration requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }
}
