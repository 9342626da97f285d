package dev.stampede.redis;

import dev.stampede.core.sale.PurchaseRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * What a take wrote into Redis in the same step as it decremented the stock: enough to write the order durably later
 * ({@code orderId} makes that write happen at most once; {@code generation} is the copy of the stock it was taken
 * from, the fence of that write, see {@link dev.stampede.core.sale.StockCopies}). Stored as {@code
 * generation:quantity:takenAtMillis:buyerLength:buyer} followed by the idempotency key (empty: none), so that no
 * character of the buyer or the key needs escaping; the take script writes the generation, {@link #fields} the rest.
 */
record WriteAheadRecord(
        UUID orderId,
        String skuId,
        long generation,
        String buyerId,
        int quantity,
        String idempotencyKey,
        Instant takenAt) {

    /** The stored form of a take of {@code request} at {@code now}, without its generation (the script prefixes it). */
    static String fields(PurchaseRequest request, Instant now) {
        String key = request.idempotencyKey();
        return request.quantity() + ":" + now.toEpochMilli() + ":"
                + request.buyerId().length() + ":" + request.buyerId() + (key == null ? "" : key);
    }

    static WriteAheadRecord decode(UUID orderId, String skuId, String encoded) {
        int zeroth = encoded.indexOf(':');
        int first = encoded.indexOf(':', zeroth + 1);
        int second = encoded.indexOf(':', first + 1);
        int third = encoded.indexOf(':', second + 1);
        int buyerStart = third + 1;
        int buyerEnd = buyerStart + Integer.parseInt(encoded.substring(second + 1, third));
        String key = encoded.substring(buyerEnd);
        return new WriteAheadRecord(
                orderId,
                skuId,
                Long.parseLong(encoded.substring(0, zeroth)),
                encoded.substring(buyerStart, buyerEnd),
                Integer.parseInt(encoded.substring(zeroth + 1, first)),
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
