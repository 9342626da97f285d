package dev.stampede.redis;

import java.util.List;

/**
 * The Redis keys of the {@code redis} purchase strategy, all under one prefix; the keys of one SKU share a hash tag, so
 * that one script may take them all on a Redis Cluster.
 */
record StockKeys(String prefix) {

    /**
     * A hash: {@code initial}, {@code stock} (units left), {@code gen} (the copy's generation), {@code max} (the
     * per-buyer limit, empty: none), {@code seq} (takes so far), {@code repaired} (units), {@code copied} (the stock
     * when the copy was made) and {@code taken} (units taken from the copy so far: it only grows).
     */
    String meta(String skuId) {
        return base(skuId) + "meta";
    }

    /** A hash: order id to its {@link WriteAheadRecord}; one entry per take, so no more entries than units. */
    String records(String skuId) {
        return base(skuId) + "records";
    }

    /** A sorted set: the order ids of records whose order is not known to be durable yet, by take time (epoch ms). */
    String pending(String skuId) {
        return base(skuId) + "pending";
    }

    /** A hash: a buyer's idempotency key to the order id its take recorded. */
    String keys(String skuId) {
        return base(skuId) + "keys";
    }

    /** A hash, for a SKU with a per-buyer limit: a buyer to the units it holds (taken from this copy or before it). */
    String buyers(String skuId) {
        return base(skuId) + "buyers";
    }

    /** A set of the SKUs this strategy has put into Redis, for the reconciler. */
    String skus() {
        return prefix + "stock:skus";
    }

    /** The keys every script of one SKU takes, in this order: meta, records, pending, keys, buyers. */
    List<String> of(String skuId) {
        return List.of(meta(skuId), records(skuId), pending(skuId), keys(skuId), buyers(skuId));
    }

    private String base(String skuId) {
        return prefix + "stock:{" + skuId + "}:";
    }
}
