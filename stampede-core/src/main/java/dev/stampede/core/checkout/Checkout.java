package dev.stampede.core.checkout;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One checkout as stored. {@code amount} is in minor units (cents); {@code reason} says why a checkout was released or
 * refunded ({@code "declined"}, {@code "expired"}, {@code "payment-unresolved"}) and is null otherwise; {@code chargeId}
 * is the provider's id of the charge once confirmed, else null. {@code expiresAt} bounds the {@code RESERVED} state
 * only: a checkout that started {@code CHARGING} is never expired, since a charge may be on its way. {@code updatedAt}
 * is the time of the last transition.
 */
public record Checkout(
        UUID id,
        String skuId,
        String buyerId,
        int quantity,
        long amount,
        String idempotencyKey,
        CheckoutState state,
        String reason,
        String chargeId,
        Instant expiresAt,
        Instant createdAt,
        Instant updatedAt) {

    public Checkout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
    }

    /** The idempotency key of this checkout's charge at the payment provider: its id, the same on every attempt. */
    public String paymentKey() {
        return id.toString();
    }

    /** True if this checkout asks for the same thing as {@code request} (its idempotency key may be replayed). */
    public boolean matches(CheckoutRequest request) {
        return skuId.equals(request.skuId()) && quantity == request.quantity() && amount == request.amount();
    }
}
