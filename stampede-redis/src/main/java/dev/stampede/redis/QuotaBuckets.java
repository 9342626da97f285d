package dev.stampede.redis;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.StockCopies.Copy;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The buckets of the {@code quota} SKUs in Redis: a SKU of initial stock {@code s} has {@code min(maxBuckets, s)}
 * buckets (at least 1; every process of a deployment must have the same {@code maxBuckets}), each with a hash tag of
 * its own ({@link QuotaKeys}). A copy of the stock is split evenly over them (the first {@code stock mod n} get one
 * unit more), and each buyer's units go to the buyer's home bucket ({@link #home(PurchaseRequest, int)}): the
 * hash of its id modulo the number of buckets, so that every request of a buyer meets its idempotency keys and
 * per-buyer count in that one bucket and they are checked in the same atomic step as the take, as the {@code redis}
 * strategy does, whatever instance the request reaches; or, on an instance that serves a region, among that region's
 * buckets when there is nothing to keep in one bucket ({@link QuotaLayout}). Every method throws Lettuce's {@code
 * RedisException} when Redis cannot answer.
 */
final class QuotaBuckets implements RedisStockCopier.Target {

    private final RedisClusterCommands<String, String> redis;
    private final QuotaKeys keys;
    private final StockScripts stock;
    private final int maxBuckets;
    private final OptionalInt servedRegion;
    private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

    /** A SKU's number of buckets, and whether it has a per-buyer limit. */
    private record Shape(int count, boolean limited) {}

    /** {@code layout}: buckets per SKU at most, and the region this instance serves (if any) */
    QuotaBuckets(RedisClusterCommands<String, String> redis, QuotaKeys keys, StockScripts stock, QuotaLayout layout) {
        this.redis = redis;
        this.keys = keys;
        this.stock = stock;
        this.maxBuckets = layout.buckets();
        this.servedRegion = layout.servedRegion();
    }

    /** The number of buckets of the SKU in Redis (remembered once seen): empty when it is not in Redis. */
    OptionalInt count(String skuId) {
        Shape shape = shape(skuId);
        return shape == null ? OptionalInt.empty() : OptionalInt.of(shape.count());
    }

    /**
     * The home bucket of the request's buyer among the SKU's {@code count} buckets ({@link QuotaLayout}): among the
     * served region's buckets for a request without an idempotency key, for a SKU without a per-buyer limit, on an
     * instance that serves a region where the SKU has buckets; the id's hash over all of them ({@link #home(String,
     * int)}) otherwise.
     */
    int home(PurchaseRequest request, int count) {
        String skuId = request.skuId();
        Shape shape = shape(skuId);
        if (servedRegion.isEmpty() || request.idempotencyKey() != null || shape == null || shape.limited()) {
            return home(request.buyerId(), count);
        }
        int[] near = IntStream.range(0, count)
                .filter(bucket -> keys.region(skuId, bucket) == servedRegion.getAsInt())
                .toArray();
        return near.length == 0 ? home(request.buyerId(), count) : near[home(request.buyerId(), near.length)];
    }

    /**
     * The SKU's shape in Redis (remembered once seen): null when it is not in Redis. Every bucket's copy holds it; it is
     * read from the served region's first bucket ({@link #nearBucket}), and from bucket 0 if that one holds no copy (a
     * SKU with fewer buckets, or none in Redis). Read from bucket 0 alone, an instance of another region than bucket 0's
     * sent the first purchases of every SKU across the regions' round trip, each buyer arriving while the first read was
     * in flight paying it (issue 16 item 5).
     */
    private Shape shape(String skuId) {
        Shape known = shapes.get(skuId);
        if (known != null) {
            return known;
        }
        int near = nearBucket(skuId);
        Shape shape = read(skuId, near);
        if (shape == null && near != 0) {
            shape = read(skuId, 0);
        }
        if (shape != null) {
            shapes.put(skuId, shape);
        }
        return shape;
    }

    /** The SKU's shape as bucket {@code bucket}'s copy holds it, one read: null when it holds none. */
    private Shape read(String skuId, int bucket) {
        List<KeyValue<String, String>> meta = redis.hmget(keys.meta(skuId, bucket), "initial", "max");
        if (!meta.getFirst().hasValue()) {
            return null;
        }
        return new Shape(
                countFor(Integer.parseInt(meta.getFirst().getValue())),
                !meta.get(1).getValueOrElse("").isEmpty());
    }

    /**
     * The first bucket, of a SKU with {@code maxBuckets} buckets, in the region this instance serves; 0 when it serves
     * none.
     */
    private int nearBucket(String skuId) {
        if (servedRegion.isEmpty()) {
            return 0;
        }
        return IntStream.range(0, maxBuckets)
                .filter(bucket -> keys.region(skuId, bucket) == servedRegion.getAsInt())
                .findFirst()
                .orElse(0);
    }

    /** Forgets the number of buckets of the SKU: a new copy (after a restock) may have another. */
    void forget(String skuId) {
        shapes.remove(skuId);
    }

    /** The home bucket of a buyer among {@code count} buckets by its id's hash alone, whatever region it is in. */
    static int home(String buyerId, int count) {
        return Math.floorMod(buyerId.hashCode(), count);
    }

    /**
     * The buckets a home bucket short of units takes shares from, in order: those of its own region ({@link
     * QuotaKeys#region}), then the others, each group in the order {@code home + 1, home + 2, …} modulo {@code count}.
     * With one region: every other bucket in that order.
     */
    List<Integer> donors(String skuId, int home, int count) {
        int region = keys.region(skuId, home);
        List<Integer> near = new ArrayList<>(count - 1);
        List<Integer> far = new ArrayList<>(count - 1);
        for (int step = 1; step < count; step++) {
            int bucket = (home + step) % count;
            (keys.region(skuId, bucket) == region ? near : far).add(bucket);
        }
        near.addAll(far);
        return near;
    }

    /** The generation of the bucket's copy, one read; empty when it holds none. */
    OptionalLong generation(String skuId, int bucket) {
        String generation = redis.hget(keys.meta(skuId, bucket), "gen");
        return generation == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(generation));
    }

    /** The oldest generation among the SKU's buckets; empty when any of them holds no copy. */
    @Override
    public OptionalLong generation(String skuId) {
        OptionalInt count = count(skuId);
        if (count.isEmpty()) {
            return OptionalLong.empty();
        }
        long oldest = Long.MAX_VALUE;
        for (int bucket = 0; bucket < count.getAsInt(); bucket++) {
            OptionalLong generation = generation(skuId, bucket);
            if (generation.isEmpty()) {
                return OptionalLong.empty();
            }
            oldest = Math.min(oldest, generation.getAsLong());
        }
        return OptionalLong.of(oldest);
    }

    /**
     * Splits the copy over the SKU's buckets, each bucket replaced whole unless it holds this generation or a later
     * one: true if this call replaced any.
     */
    @Override
    public boolean init(String skuId, Copy copy) {
        redis.sadd(keys.skus(), skuId);
        int count = countFor(copy.initialStock());
        List<Map<String, Integer>> held = new ArrayList<>(count);
        for (int bucket = 0; bucket < count; bucket++) {
            held.add(new HashMap<>());
        }
        copy.heldByBuyer()
                .forEach((buyer, units) -> held.get(home(buyer, count)).put(buyer, units));
        boolean any = false;
        for (int bucket = 0; bucket < count; bucket++) {
            int share = copy.stock() / count + (bucket < copy.stock() % count ? 1 : 0);
            any |= stock.init(keys.of(skuId, bucket), copy, share, held.get(bucket));
        }
        shapes.put(skuId, new Shape(count, copy.maxPerBuyer().isPresent()));
        return any;
    }

    /**
     * The units the SKU's copy has left, from one read of each bucket's {@code copied} and {@code taken} units: empty
     * if the buckets hold different copies (one is being made) or none. The reads are not one moment, but {@code
     * taken} only grows and moves between buckets change neither, so the answer is never less than what is left when
     * the last read is answered: 0 means sold out, not a guess. Units in transit between buckets count as left.
     */
    OptionalInt left(String skuId, int count) {
        int left = 0;
        String generation = null;
        for (int bucket = 0; bucket < count; bucket++) {
            List<KeyValue<String, String>> meta = redis.hmget(keys.meta(skuId, bucket), "gen", "copied", "taken");
            if (!meta.stream().allMatch(KeyValue::hasValue)
                    || (generation != null && !generation.equals(meta.get(0).getValue()))) {
                return OptionalInt.empty();
            }
            generation = meta.get(0).getValue();
            left += Integer.parseInt(meta.get(1).getValue())
                    - Integer.parseInt(meta.get(2).getValue());
        }
        return OptionalInt.of(left);
    }

    private int countFor(int initialStock) {
        return Math.min(maxBuckets, Math.max(1, initialStock));
    }
}
