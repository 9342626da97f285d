package dev.stampede.core.sale;

import java.util.Objects;
import java.util.UUID;

/**
 * One buyer asking for {@code quantity} units of one SKU.
 *
 * @param idempotencyKey the client's key, or {@code null}
 * @param claim the token under which the key is claimed in an {@link IdempotencyStore}, set by {@link
 *     IdempotentPurchases} (else {@code null}). A strategy given a keyed request completes the claim in the same
 *     transaction as the order, and only while the key is still claimed under this token; if it is not (the claim was
 *     taken over), the strategy commits nothing and answers {@link PurchaseResult.KeyInFlight}.
 */
public record PurchaseRequest(String skuId, String buyerId, int quantity, String idempotencyKey, UUID claim) {

    public PurchaseRequest {
        requireText(skuId, "skuId");
        requireText(buyerId, "buyerId");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
        if (idempotencyKey != null) {
            requireText(idempotencyKey, "idempotencyKey");
        } else if (claim != null) {
            throw new IllegalArgumentException("a claim needs an idempotency key");
        }
    }

    /** A request as a client sends it, not claimed yet. */
    public PurchaseRequest(String skuId, String buyerId, int quantity, String idempotencyKey) {
        this(skuId, buyerId, quantity, idempotencyKey, null);
    }

    public static PurchaseRequest of(String skuId, String buyerId, int quantity) {
        return new PurchaseRequest(skuId, buyerId, quantity, null);
    }

    /** This request, its key claimed under {@code token}. */
    public PurchaseRequest withClaim(UUID token) {
        return new PurchaseRequest(skuId, buyerId, quantity, idempotencyKey, Objects.requireNonNull(token, "token"));
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
