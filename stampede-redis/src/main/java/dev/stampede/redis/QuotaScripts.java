package dev.stampede.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Lua scripts that move a share of a {@code quota} SKU's stock from one bucket to another. The two buckets are in
 * different hash slots (on a Redis Cluster, on different shards), so no one script can take both: a move is three
 * steps, each one atomic script on the keys of one bucket ({@link QuotaKeys#of}):
 *
 * <ol>
 *   <li>{@link #takeShare}: on the giving bucket, the share leaves its stock and becomes a transfer record under a new
 *       transfer id, in one step;
 *   <li>{@link #credit}: on the receiving bucket, the share joins its stock and the transfer id its set of credited
 *       transfers, in one step, unless that set holds the id already (so however often it runs, a transfer is credited
 *       once);
 *   <li>{@link #settle}: on the giving bucket, the transfer record goes.
 * </ol>
 *
 * <p>The invariant, per copy of the stock (generation {@code g}): every unit of the copy is in exactly one place, the
 * stock of one bucket, one transfer record not yet credited, or one write-ahead record (an order). A crash between the
 * steps leaves the share in its transfer record, which the reconciler ({@link QuotaReconciler}) credits (step 2, which
 * answers "already" if it ran) and settles. A share is credited only to a bucket of the generation it was taken under;
 * a bucket of another generation means a newer copy replaced the stock (a copy is made from PostgreSQL's durable
 * record, which counts every unit not in a durable order), so the share of the old copy is void, not lost. Every
 * method throws Lettuce's {@code RedisException} when Redis cannot answer.
 */
final class QuotaScripts {

    /**
     * On the giving bucket (KEYS meta, outgoing, moving): if its copy is of generation ARGV[1], takes out {@code
     * max(ARGV[2], half its stock rounded up)} units, at most all of it, into transfer ARGV[3] to bucket ARGV[4] taken
     * at ARGV[5] (epoch ms). Answers the units taken: 0 if it has none, -1 if it holds no copy or another generation's.
     */
    private static final String TAKE_SHARE = """
            local meta = redis.call('HMGET', KEYS[1], 'stock', 'gen')
            if not meta[1] or meta[2] ~= ARGV[1] then return -1 end
            local stock = tonumber(meta[1])
            local units = math.min(stock, math.max(tonumber(ARGV[2]), math.ceil(stock / 2)))
            if units <= 0 then return 0 end
            redis.call('HINCRBY', KEYS[1], 'stock', -units)
            redis.call('HSET', KEYS[2], ARGV[3], ARGV[1] .. ':' .. units .. ':' .. ARGV[4])
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[3])
            return units
            """;

    /**
     * On the receiving bucket (KEYS meta, credited): adds ARGV[2] units of transfer ARGV[3] taken under generation
     * ARGV[1]. Answers 1 if it did, 0 if the transfer was credited before, -1 if the bucket holds no copy or another
     * generation's (the share is void: a newer copy counts it).
     */
    private static final String CREDIT = """
            if redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 1 then return 0 end
            if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[1] then return -1 end
            redis.call('HINCRBY', KEYS[1], 'stock', tonumber(ARGV[2]))
            redis.call('SADD', KEYS[2], ARGV[3])
            return 1
            """;

    /** On the giving bucket (KEYS outgoing, moving): drops transfer record ARGV[1]. */
    private static final String SETTLE = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1
            """;

    /**
     * A share of {@code units} in transit from bucket {@code from} to bucket {@code to} of a SKU, taken from the copy
     * of {@code generation}.
     */
    record Transfer(UUID id, String skuId, long generation, int from, int to, int units) {}

    /** How crediting a transfer ended. */
    enum Credit {
        /** Its units joined the receiving bucket now. */
        CREDITED,
        /** Credited before (by the buyer that took the share, or an earlier reconciler run). */
        ALREADY,
        /** The receiving bucket holds another copy: the share belonged to a copy that a newer one replaced. */
        VOID
    }

    private final RedisClusterCommands<String, String> redis;
    private final LuaScripts scripts;
    private final QuotaKeys keys;

    QuotaScripts(RedisClusterCommands<String, String> redis, QuotaKeys keys) {
        this.redis = redis;
        this.scripts = new LuaScripts(redis);
        this.keys = keys;
    }

    /**
     * Takes a share of at least {@code units} (or half the giving bucket's stock if more; at most all of it) out of
     * bucket {@code from} towards bucket {@code to}: empty if the bucket has no units, or holds no copy of {@code
     * generation}.
     */
    Optional<Transfer> takeShare(String skuId, long generation, int from, int to, int units, Instant now) {
        UUID id = UUID.randomUUID();
        Long taken = scripts.run(
                TAKE_SHARE,
                ScriptOutputType.INTEGER,
                giving(skuId, from),
                Long.toString(generation),
                Integer.toString(units),
                id.toString(),
                Integer.toString(to),
                Long.toString(now.toEpochMilli()));
        return taken > 0
                ? Optional.of(new Transfer(id, skuId, generation, from, to, Math.toIntExact(taken)))
                : Optional.empty();
    }

    Credit credit(Transfer transfer) {
        Long done = scripts.run(
                CREDIT,
                ScriptOutputType.INTEGER,
                List.of(keys.meta(transfer.skuId(), transfer.to()), keys.credited(transfer.skuId(), transfer.to())),
                Long.toString(transfer.generation()),
                Integer.toString(transfer.units()),
                transfer.id().toString());
        return switch (done.intValue()) {
            case 1 -> Credit.CREDITED;
            case 0 -> Credit.ALREADY;
            case -1 -> Credit.VOID;
            default -> throw new IllegalStateException("credit answered " + done);
        };
    }

    void settle(Transfer transfer) {
        scripts.run(
                SETTLE,
                ScriptOutputType.INTEGER,
                List.of(
                        keys.outgoing(transfer.skuId(), transfer.from()),
                        keys.moving(transfer.skuId(), transfer.from())),
                transfer.id().toString());
    }

    /** Every share taken out of bucket {@code from} and not yet settled, whatever its age: one read. */
    List<Transfer> inTransit(String skuId, int from) {
        return redis.hgetall(keys.outgoing(skuId, from)).entrySet().stream()
                .map(entry -> decode(UUID.fromString(entry.getKey()), skuId, from, entry.getValue()))
                .toList();
    }

    /** The keys {@link #takeShare} runs on. */
    List<String> giving(String skuId, int bucket) {
        return List.of(keys.meta(skuId, bucket), keys.outgoing(skuId, bucket), keys.moving(skuId, bucket));
    }

    /** A transfer record of bucket {@code from} as {@link #takeShare} stored it ({@code generation:units:toBucket}). */
    static Transfer decode(UUID id, String skuId, int from, String stored) {
        String[] parts = stored.split(":", 3);
        return new Transfer(
                id, skuId, Long.parseLong(parts[0]), from, Integer.parseInt(parts[2]), Integer.parseInt(parts[1]));
    }
}
