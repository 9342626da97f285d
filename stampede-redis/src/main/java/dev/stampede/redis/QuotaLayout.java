package dev.stampede.redis;

import io.lettuce.core.cluster.SlotHash;
import java.util.OptionalInt;

/**
 * How the {@code quota} strategy lays a SKU's stock out: into at most {@code buckets} buckets, spread evenly over the
 * Redis Cluster's 16,384 hash slots ({@link QuotaKeys}), and over {@code regions} regions. Region {@code r} of {@code R}
 * is the {@code r}-th of {@code R} equal ranges of slots, {@code [r × 16384 / R, (r + 1) × 16384 / R)}: a deployment in
 * several regions gives the masters of each region that region's range (with {@code redis-cli --cluster create}, a
 * multiple of {@code R} masters listed region by region), so that each region's buckets sit on its own masters.
 *
 * <p>A buyer's home bucket is where its idempotency keys and per-buyer count live, checked in the same Lua step as the
 * take ({@link QuotaBuckets#home}). Without a served region it is the hash of the buyer's id modulo the SKU's buckets,
 * whatever instance or region serves it. An instance that serves region {@code servedRegion} (its buyers are where it
 * is: the front, a GeoDNS or a balancer per region, sends them there) gives a request without an idempotency key, for a
 * SKU without a per-buyer limit, a home among that region's buckets (the hash of the buyer's id modulo their number):
 * such a buyer sells from its own region's masters while their quota lasts, with no round trip to another region. A
 * keyed request, or any request for a SKU with a per-buyer limit, keeps its home at the id's hash, so that the buyer's
 * key index and count stay in one bucket, one atomic check, even when its requests reach both regions: the
 * reconciler writes a record left pending as an unkeyed order, so a key retried in another region's bucket after its
 * claim was taken over would otherwise be sold twice. Such a request pays the round trip when that bucket is in the
 * other region. When a home bucket runs dry, it takes shares from the other buckets of its own region first and crosses
 * to another region only when its own have none ({@link QuotaBuckets#donors}).
 *
 * <p>{@code buckets} and {@code regions} must be the same on every instance of a deployment: they decide the keys.
 * {@code servedRegion} is each instance's own.
 *
 * @param buckets buckets per SKU at most (fewer when the stock is smaller), 1 to 1,024
 * @param regions regions the slots are divided into, 1 to {@code buckets}; 1 is one region, the layout without regions
 * @param servedRegion the region this instance serves, 0 to {@code regions - 1}; empty: none (every buyer's home is its
 *     id's hash over all buckets)
 */
public record QuotaLayout(int buckets, int regions, OptionalInt servedRegion) {

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
        if (servedRegion.isPresent() && (servedRegion.getAsInt() < 0 || servedRegion.getAsInt() >= regions)) {
            throw new IllegalArgumentException("a served region is one of the " + regions + " regions, 0 to "
                    + (regions - 1) + ", not " + servedRegion.getAsInt());
        }
    }

    /** {@code buckets} over {@code regions}, serving none of them in particular. */
    public QuotaLayout(int buckets, int regions) {
        this(buckets, regions, OptionalInt.empty());
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
