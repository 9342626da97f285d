package dev.stampede.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Lua scripts of the {@code redis} purchase strategy: each is one atomic step of Redis (scripts run one at a time),
 * on the keys of one SKU ({@link StockKeys#of}). Every method throws Lettuce's {@code RedisException} when Redis cannot
 * answer.
 */
final class StockScripts {

    /**
     * Check and decrement the whole quantity, and write the write-ahead record, in one step. Answers {@code unknown}
     * (the SKU is not in Redis), {@code known orderId record} (this buyer's key was taken before: nothing taken again),
     * {@code short stock}, or {@code taken}.
     */
    private static final String TAKE = """
            local stock = redis.call('HGET', KEYS[1], 'stock')
            if not stock then return {'unknown'} end
            if ARGV[4] ~= '' then
              local known = redis.call('HGET', KEYS[4], ARGV[4])
              if known then return {'known', known, redis.call('HGET', KEYS[2], known)} end
            end
            local quantity = tonumber(ARGV[1])
            if tonumber(stock) < quantity then return {'short', stock} end
            redis.call('HINCRBY', KEYS[1], 'stock', -quantity)
            redis.call('HINCRBY', KEYS[1], 'seq', 1)
            redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[2])
            if ARGV[4] ~= '' then redis.call('HSET', KEYS[4], ARGV[4], ARGV[2]) end
            return {'taken'}
            """;

    /** Puts a SKU into Redis unless it is there, and into the set of SKUs (KEYS[5]): 1 if this call did. */
    private static final String INIT = """
            redis.call('SADD', KEYS[5], ARGV[3])
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'initial', ARGV[1], 'stock', ARGV[2], 'seq', 0, 'repaired', 0)
            return 1
            """;

    /** {stock, seq, repaired, pending records, pending units}; empty when the SKU is not in Redis. */
    private static final String SNAPSHOT = """
            local meta = redis.call('HMGET', KEYS[1], 'stock', 'seq', 'repaired')
            if not meta[1] then return {} end
            local ids = redis.call('ZRANGE', KEYS[3], 0, -1)
            local units = 0
            for _, id in ipairs(ids) do
              local record = redis.call('HGET', KEYS[2], id)
              units = units + tonumber(string.match(record, '^(%d+):'))
            end
            return {meta[1], meta[2], meta[3], tostring(#ids), tostring(units)}
            """;

    /** Adds ARGV[2] units to the stock if no take ran since the snapshot with seq ARGV[1]: 1 if it did. */
    private static final String REPAIR = """
            if redis.call('HGET', KEYS[1], 'seq') ~= ARGV[1] then return 0 end
            local delta = tonumber(ARGV[2])
            redis.call('HINCRBY', KEYS[1], 'stock', delta)
            redis.call('HINCRBY', KEYS[1], 'repaired', math.abs(delta))
            return 1
            """;

    /** What a take came to. */
    sealed interface Take {}

    /** The SKU is not in Redis yet (new, or Redis lost its data). */
    record Unknown() implements Take {}

    /** Not enough stock: {@code remaining} units are left; nothing was taken. */
    record Short(int remaining) implements Take {}

    /** Taken now, recorded as the record given. */
    record Taken() implements Take {}

    /** This buyer's key was taken before, as {@code record}; nothing was taken now. */
    record Known(WriteAheadRecord record) implements Take {}

    /** The SKU's Redis state in one step. */
    record Snapshot(int stock, long seq, long repairedUnits, int pendingRecords, long pendingUnits) {}

    private final RedisCommands<String, String> redis;
    private final LuaScripts scripts;
    private final StockKeys keys;

    StockScripts(RedisCommands<String, String> redis, StockKeys keys) {
        this.redis = redis;
        this.scripts = new LuaScripts(redis);
        this.keys = keys;
    }

    Take take(WriteAheadRecord record) {
        String keyField = record.idempotencyKey() == null
                ? ""
                : WriteAheadRecord.keyField(record.buyerId(), record.idempotencyKey());
        List<Object> answer = scripts.run(
                TAKE,
                ScriptOutputType.MULTI,
                keys.of(record.skuId()),
                Integer.toString(record.quantity()),
                record.orderId().toString(),
                record.encoded(),
                keyField,
                Long.toString(record.takenAt().toEpochMilli()));
        return switch ((String) answer.getFirst()) {
            case "unknown" -> new Unknown();
            case "short" -> new Short(Integer.parseInt((String) answer.get(1)));
            case "taken" -> new Taken();
            case "known" -> {
                UUID orderId = UUID.fromString((String) answer.get(1));
                yield new Known(WriteAheadRecord.decode(orderId, record.skuId(), (String) answer.get(2)));
            }
            default -> throw new IllegalStateException("take answered " + answer);
        };
    }

    boolean init(String skuId, int initialStock, int stock) {
        List<String> initKeys = new ArrayList<>(keys.of(skuId));
        initKeys.add(keys.skus());
        Long done = scripts.run(
                INIT,
                ScriptOutputType.INTEGER,
                initKeys,
                Integer.toString(initialStock),
                Integer.toString(stock),
                skuId);
        return done == 1L;
    }

    Optional<Snapshot> snapshot(String skuId) {
        List<Object> answer = scripts.run(SNAPSHOT, ScriptOutputType.MULTI, keys.of(skuId));
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(
                Integer.parseInt((String) answer.get(0)),
                Long.parseLong((String) answer.get(1)),
                Long.parseLong((String) answer.get(2)),
                Integer.parseInt((String) answer.get(3)),
                Long.parseLong((String) answer.get(4))));
    }

    /** The SKU's stock in Redis, one read; empty when the SKU is not in Redis. */
    Optional<Integer> stock(String skuId) {
        return Optional.ofNullable(redis.hget(keys.meta(skuId), "stock")).map(Integer::parseInt);
    }

    boolean repair(String skuId, long seq, long delta) {
        Long done =
                scripts.run(REPAIR, ScriptOutputType.INTEGER, keys.of(skuId), Long.toString(seq), Long.toString(delta));
        return done == 1L;
    }
}
