package dev.stampede.redis;

import io.lettuce.core.cluster.SlotHash;

/**
 * How the {@code quota} strategy lays a SKU's stock out: into at most {@code buckets} buckets, spread evenly over the
 * Redis Cluster's 16,384 hash slots ({@link QuotaKeys}), and over {@code regions} regions. Region {@code r} of {@code R}
 * is the {@code r}-th of {@code R} equal ranges of slots, {@code [r × 16384 / R, (r + 1) × 16384 / R)}: a deployment in
 * several regions gives the masters of each region that region's range (with {@code redis-cli --cluster create}, a
 * multiple of {@code R} masters listed region by region), so that each region's buckets sit on its own masters.
 *
 * <p>A buyer's home bucket stays the hash of its id modulo the SKU's buckets, whatever instance or region serves it:
 * its idempotency keys and per-buyer count live in that one bucket and are checked in the same Lua step as the take,
 * exactly as with one region. The region follows the buyer: the buyer's region is its home bucket's, and the
 * deployment's balancer (a GeoDNS, or the bench) sends a buyer to the instances of that region. When a home bucket runs
 * dry, it takes shares from the other buckets of its own region first and crosses to another region only when its own
 * have none ({@link QuotaBuckets#donors}).
 *
 * <p>The layout must be the same on every instance of a deployment: it decides the keys.
 *
 * @param buckets buckets per SKU at most (fewer when the stock is smaller), 1 to 1,024
 * @param regions regions the slots are divided into, 1 to {@code buckets}; 1 is one region, the layout without regions
 */
public record QuotaLayout(int buckets, int regions) {

    /** Most buckets a SKU may have. */
    public static final int MAX_BUCKETS = 1024;

    public QuotaLayout {
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("a quota SKU needs 1 to " + MAX_BUCKETS + " buckets, not " + buckets);
        }
        if (regions < 1 || regions > buckets) {
            throw new IllegalArgumentException(
                    "a quota layout needs 1 to " + buckets + " regions (one bucket each at least), not " + regions);
        }
    }

    /** One region: every bucket is every instance's. */
    public static QuotaLayout oneRegion(int buckets) {
        return new QuotaLayout(buckets, 1);
    }

    /** The region whose range of slots holds {@code slot} (0 to 16,383). */
    int regionOf(int slot) {
        return (int) ((long) slot * regions / SlotHash.SLOT_COUNT);
    }
}
