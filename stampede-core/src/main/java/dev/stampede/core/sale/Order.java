package dev.stampede.core.sale;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A committed purchase: {@code quantity} units of {@code skuId} now belong to {@code buyerId}. */
public record Order(UUID id, String skuId, String buyerId, int quantity, Instant createdAt) {

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(createdAt, "createdAt");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
    }

    public static Order of(PurchaseRequest request, Instant now) {
        return new Order(UUID.randomUUID(), request.skuId(), request.buyerId(), request.quantity(), now);
    }
}
