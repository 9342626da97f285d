package dev.stampede.core.checkout;

import java.util.Objects;

/**
 * A buyer's request to check out {@code quantity} units of {@code skuId} for {@code amount} minor units (cents), under
 * the buyer's {@code idempotencyKey} (IETF draft "The Idempotency-Key HTTP Header Field"): the same key and request
 * answer the same checkout.
 */
public record CheckoutRequest(String skuId, String buyerId, int quantity, long amount, String idempotencyKey) {

    public CheckoutRequest {
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
        if (amount < 1) {
            throw new IllegalArgumentException("amount must be at least 1 minor unit, was " + amount);
        }
    }
}
