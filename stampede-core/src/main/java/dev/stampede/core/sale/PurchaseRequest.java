package dev.stampede.core.sale;

import java.util.Objects;
import java.util.Optional;

/**
 * One buyer asking for {@code quantity} units of one SKU.
 *
 * @param idempotencyKey the client's key, or {@code null}. When present, the caller has claimed it in an {@link
 *     IdempotencyStore} and the strategy must complete that claim in the same transaction as the order.
 */
public record PurchaseRequest(String skuId, String buyerId, int quantity, String idempotencyKey) {

    public PurchaseRequest {
        requireText(skuId, "skuId");
        requireText(buyerId, "buyerId");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
        if (idempotencyKey != null) {
            requireText(idempotencyKey, "idempotencyKey");
        }
    }

    public static PurchaseRequest of(String skuId, String buyerId, int quantity) {
        return new PurchaseRequest(skuId, buyerId, quantity, null);
    }

    public Optional<String> key() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** What must match when the same idempotency key is used again by the same buyer. */
    public String fingerprint() {
        return skuId + "/" + quantity;
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
