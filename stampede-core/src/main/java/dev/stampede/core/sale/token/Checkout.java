package dev.stampede.core.sale.token;

import dev.stampede.core.sale.Order;
import java.util.UUID;

/** What checking a claim out came to. */
public sealed interface Checkout {

    /** The claim's tokens are redeemed into {@code order} ({@code replayed}: this had happened before). */
    record Redeemed(TokenClaim claim, Order order, boolean replayed) implements Checkout {}

    /** The claim ran out before it was checked out; its tokens are free again. Nothing was written. */
    record Expired(TokenClaim claim) implements Checkout {}

    /** The claim was released before; its tokens are free again. Nothing was written. */
    record Released(TokenClaim claim) implements Checkout {}

    /** No claim has this id. */
    record UnknownClaim(UUID claimId) implements Checkout {}

    /**
     * The order's idempotency key is no longer claimed under the request's token ({@link
     * dev.stampede.core.sale.PurchaseRequest#claim()}): nothing was written, the claim is still open.
     */
    record KeyLost(TokenClaim claim) implements Checkout {}
}
