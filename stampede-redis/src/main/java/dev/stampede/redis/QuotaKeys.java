package dev.stampede.redis;

import java.util.List;

/**
 * The Redis keys of the {@code quota} purchase strategy, all under one prefix. Each bucket of a SKU's stock has a hash
 * tag of its own ({@code {quota:<sku>:q<k>}}), so the buckets of one SKU fall in different hash slots and, on a Redis
 * Cluster, on different shards; never one tag for the whole SKU. The keys of one bucket share its tag, so one script
 * may take them all.
 */
record QuotaKeys(String prefix) {

    /**
     * The keys of bucket {@code bucket} of the SKU, in this order: the five of a {@code redis} SKU (meta, records,
     * pending, keys, buyers: see {@link StockKeys}), then {@link #outgoing}, {@link #moving} and {@link #credited}.
     */
    List<String> of(String skuId, int bucket) {
        String base = base(skuId, bucket);
        return List.of(
                base + "meta",
                records(skuId, bucket),
                pending(skuId, bucket),
                base + "keys",
                base + "buyers",
                outgoing(skuId, bucket),
                moving(skuId, bucket),
                credited(skuId, bucket));
    }

    /**
     * A hash as a {@code redis} SKU's meta ({@link StockKeys#meta}): {@code stock} is this bucket's units, {@code
     * initial} the SKU's initial stock (which sets how many buckets it has).
     */
    String meta(String skuId, int bucket) {
        return base(skuId, bucket) + "meta";
    }

    /** A hash: order id to its {@link WriteAheadRecord}, for the takes from this bucket. */
    String records(String skuId, int bucket) {
        return base(skuId, bucket) + "records";
    }

    /** A sorted set: the order ids of this bucket's records not known to be durable yet, by take time (epoch ms). */
    String pending(String skuId, int bucket) {
        return base(skuId, bucket) + "pending";
    }

    /**
     * A hash: the shares taken out of this bucket and not yet known to be credited, transfer id to {@code
     * generation:units:toBucket} (see {@link QuotaScripts}).
     */
    String outgoing(String skuId, int bucket) {
        return base(skuId, bucket) + "outgoing";
    }

    /** A sorted set: the ids of {@link #outgoing} transfers by the time their share was taken (epoch ms). */
    String moving(String skuId, int bucket) {
        return base(skuId, bucket) + "moving";
    }

    /** A set: the ids of the transfers credited to this bucket, so that a transfer is credited at most once. */
    String credited(String skuId, int bucket) {
        return base(skuId, bucket) + "credited";
    }

    /** A set of the SKUs this strategy has put into Redis, for the reconciler. */
    String skus() {
        return prefix + "quota:skus";
    }

    private String base(String skuId, int bucket) {
        return prefix + "quota:{" + skuId + ":q" + bucket + "}:";
    }
}
