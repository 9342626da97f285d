package dev.stampede.redis;

import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Redis keys of the {@code quota} purchase strategy, all under one prefix. Each bucket of a SKU's stock has a hash
 * tag of its own ({@code {<sku>:q<k>.<salt>}}), so the buckets of one SKU fall in different hash slots and, on a
 * Redis Cluster, on different shards; never one tag for the whole SKU. The keys of one bucket share its tag, so one
 * script may take them all.
 *
 * <p>The tags are spread evenly over the cluster's 16,384 hash slots: bucket {@code k} of {@code buckets} takes the
 * first salt (0, 1, 2, …) whose tag hashes near the middle of the {@code k}-th of {@code buckets} equal ranges of
 * slots (within an eighth of the range; {@link SlotHash#getSlot}: CRC16 of the tag modulo 16,384, Redis Cluster
 * specification, "Key distribution model"; about {@code 4 × buckets} tries, once per SKU and bucket). A cluster formed
 * by {@code redis-cli --cluster create} gives each of its {@code m} masters one contiguous range of equal size, so the
 * buckets of every SKU spread over the masters as evenly as the middles fall (8 buckets on 3 masters: 3, 2, 3),
 * whatever the SKU's id; tags without the salt land where their hash falls, often 4 or 5 of 8 on
 * one master. The salt depends only on the SKU, the bucket and {@code buckets}, so every instance with the same setting
 * computes the same keys. A SKU with fewer buckets than {@code buckets} uses the first ranges.
 *
 * <p>{@code buckets}, the number of ranges the slots are divided into, is the deployment's buckets per SKU at most
 * ({@link QuotaLayout}); a bucket's region is the region of its tag's slot ({@link #region}).
 */
final class QuotaKeys {

    private final String prefix;
    private final QuotaLayout layout;
    private final int buckets;
    /** The tags computed so far, by {@code <sku>:q<k>}. */
    private final Map<String, String> tags = new ConcurrentHashMap<>();

    QuotaKeys(String prefix, QuotaLayout layout) {
        this.prefix = prefix;
        this.layout = layout;
        this.buckets = layout.buckets();
    }

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

    /**
     * The hash tag of the bucket: the first of {@code <sku>:q<k>.<salt>} whose slot lies within an eighth of the
     * bucket's range of its middle.
     */
    String tag(String skuId, int bucket) {
        if (bucket < 0 || bucket >= buckets) {
            throw new IllegalArgumentException("bucket " + bucket + " of " + buckets);
        }
        return tags.computeIfAbsent(skuId + ":q" + bucket, name -> {
            long middle = (2L * bucket + 1) * SlotHash.SLOT_COUNT / (2L * buckets);
            long reach = Math.max(0, SlotHash.SLOT_COUNT / (8L * buckets));
            for (int salt = 0; ; salt++) {
                String tag = name + "." + salt;
                if (Math.abs(SlotHash.getSlot(tag) - middle) <= reach) {
                    return tag;
                }
            }
        });
    }

    /** The region of the bucket: the one whose range of slots holds its tag's slot ({@link QuotaLayout}). */
    int region(String skuId, int bucket) {
        return layout.regionOf(SlotHash.getSlot(tag(skuId, bucket)));
    }

    private String base(String skuId, int bucket) {
        return prefix + "quota:{" + tag(skuId, bucket) + "}:";
    }
}
