package dev.stampede.redis;

import dev.stampede.core.sale.PurchaseRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * What a take wrote into Redis in the same step as it decremented the stock: enough to write the order durably later
 * ({@code orderId} makes that write happen at most once). Stored as {@code quantity:takenAtMillis:buyerLength:buyer}
 * followed by the idempotency key (empty: none), so that no character of the buyer or the key needs escaping.
 */
record WriteAheadRecord(
        UUID orderId, String skuId, String buyerId, int quantity, String idempotencyKey, Instant takenAt) {

    static WriteAheadRecord of(UUID orderId, PurchaseRequest request, Instant now) {
        return new WriteAheadRecord(
                orderId, request.skuId(), request.buyerId(), request.quantity(), request.idempotencyKey(), now);
    }

    String encoded() {
        return quantity + ":" + takenAt.toEpochMilli() + ":" + buyerId.length() + ":" + buyerId
                + (idempotencyKey == null ? "" : idempotencyKey);
    }

    static WriteAheadRecord decode(UUID orderId, String skuId, String encoded) {
        int first = encoded.indexOf(':');
        int second = encoded.indexOf(':', first + 1);
        int third = encoded.indexOf(':', second + 1);
        int buyerStart = third + 1;
        int buyerEnd = buyerStart + Integer.parseInt(encoded.substring(second + 1, third));
        String key = encoded.substring(buyerEnd);
        return new WriteAheadRecord(
                orderId,
                skuId,
                encoded.substring(buyerStart, buyerEnd),
                Integer.parseInt(encoded.substring(0, first)),
                key.isEmpty() ? null : key,
                Instant.ofEpochMilli(Long.parseLong(encoded.substring(first + 1, second))));
    }

    /** The field of the SKU's key index for a keyed request: the buyer (length-prefixed) and its key. */
    static String keyField(String buyerId, String idempotencyKey) {
        return buyerId.length() + ":" + buyerId + idempotencyKey;
    }

    /** The order this record stands for, as a request without a key: what the reconciler writes. */
    PurchaseRequest unkeyed() {
        return PurchaseRequest.of(skuId, buyerId, quantity);
    }
}
