package dev.stampede.redis;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.StockCopies;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The Lua scripts of the {@code redis} purchase strategy: each is one atomic step of Redis (scripts run one at a time),
 * on the keys of one SKU ({@link StockKeys#of}). Every method throws Lettuce's {@code RedisException} when Redis cannot
 * answer.
 */
final class StockScripts implements RedisStockCopier.Target {

    /**
     * Check and decrement the whole quantity, count it to the buyer when the SKU has a per-buyer limit, and write the
     * write-ahead record (prefixed with the copy's generation), in one step. Answers {@code unknown} (the SKU is not in
     * Redis), {@code known orderId record} (this order id, or this buyer's key, was taken before: nothing taken again;
     * the order id makes a take sent twice take once, as Lettuce does when it re-sends a command written before a
     * reconnect: at-least-once delivery), {@code short
     * stock}, {@code limit max held} (the buyer would pass the limit: nothing taken), or {@code taken generation}.
     */
    private static final String TAKE = """
            local meta = redis.call('HMGET', KEYS[1], 'stock', 'gen', 'max')
            local stock = meta[1]
            if not stock or not meta[2] or not meta[3] then return {'unknown'} end
            local again = redis.call('HGET', KEYS[2], ARGV[2])
            if again then return {'known', ARGV[2], again} end
            if ARGV[4] ~= '' then
              local known = redis.call('HGET', KEYS[4], ARGV[4])
              if known then return {'known', known, redis.call('HGET', KEYS[2], known)} end
            end
            local quantity = tonumber(ARGV[1])
            if tonumber(stock) < quantity then return {'short', stock} end
            if meta[3] ~= '' then
              local held = tonumber(redis.call('HGET', KEYS[5], ARGV[6]) or '0')
              if held + quantity > tonumber(meta[3]) then return {'limit', meta[3], tostring(held)} end
              redis.call('HINCRBY', KEYS[5], ARGV[6], quantity)
            end
            redis.call('HINCRBY', KEYS[1], 'stock', -quantity)
            redis.call('HINCRBY', KEYS[1], 'taken', quantity)
            redis.call('HINCRBY', KEYS[1], 'seq', 1)
            redis.call('HSET', KEYS[2], ARGV[2], meta[2] .. ':' .. ARGV[3])
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[2])
            if ARGV[4] ~= '' then redis.call('HSET', KEYS[4], ARGV[4], ARGV[2]) end
            return {'taken', meta[2]}
            """;

    /**
     * Puts a copy of a SKU's stock made under generation ARGV[3] (per-buyer limit ARGV[4], empty: none; then the units
     * each buyer holds, as buyer, units pairs) into Redis, unless the copy there is of that generation or a later one:
     * 1 if this call did. The SKU is added to the set of SKUs before, by a command of its own: that set is in another
     * hash slot than the SKU's keys. A copy replaces an earlier one whole: its
     * records, pending set, key index and buyers' units go (their orders either were durable when the new copy was made,
     * and are counted in its stock, or can never be written, fenced by the generation).
     */
    private static final String INIT = """
            local current = redis.call('HGET', KEYS[1], 'gen')
            if current and tonumber(current) >= tonumber(ARGV[3]) then return 0 end
            redis.call('DEL', unpack(KEYS, 2))
            redis.call('HSET', KEYS[1], 'initial', ARGV[1], 'stock', ARGV[2], 'gen', ARGV[3], 'max', ARGV[4],
              'copied', ARGV[2], 'taken', 0)
            redis.call('HINCRBY', KEYS[1], 'seq', 1)
            redis.call('HINCRBY', KEYS[1], 'repaired', 0)
            for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 1]) end
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
              units = units + tonumber(string.match(record, '^%d+:(%d+):'))
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

    /** The buyer holds {@code held} units and the SKU allows {@code maxPerBuyer}: nothing was taken. */
    record OverLimit(int maxPerBuyer, int held) implements Take {}

    /** Taken now, recorded as {@code record}. */
    record Taken(WriteAheadRecord record) implements Take {}

    /** This buyer's key was taken before, as {@code record}; nothing was taken now. */
    record Known(WriteAheadRecord record) implements Take {}

    /** The SKU's Redis state in one step. */
    record Snapshot(int stock, long seq, long repairedUnits, int pendingRecords, long pendingUnits) {}

    private final RedisClusterCommands<String, String> redis;
    private final LuaScripts scripts;
    private final StockKeys keys;

    StockScripts(RedisClusterCommands<String, String> redis, StockKeys keys) {
        this.redis = redis;
        this.scripts = new LuaScripts(redis);
        this.keys = keys;
    }

    /** Takes the request's units under a new order id, its record stamped {@code now}. */
    Take take(UUID orderId, PurchaseRequest request, Instant now) {
        return take(keys.of(request.skuId()), orderId, request, now);
    }

    /**
     * The same take on the given keys of one slot (meta, records, pending, keys, buyers, as {@link StockKeys#of}
     * orders them): those of a {@code redis} SKU, or of one bucket of a {@code quota} SKU ({@link QuotaKeys#of}).
     *
     * @throws OutcomeUnknownException if the take's answer did not come within the connection's command timeout: the
     *     script may still run once Redis reaches it (Lettuce gives up on the answer, not on the command), and then its
     *     record stays pending and the reconciler writes its order, so the buyer must not be told nothing was bought
     */
    Take take(List<String> stockKeys, UUID orderId, PurchaseRequest request, Instant now) {
        try {
            return takeNow(stockKeys, orderId, request, now);
        } catch (RedisCommandTimeoutException e) {
            throw new OutcomeUnknownException(
                    "the take of order " + orderId + " timed out: Redis may still run it, and then the reconciler"
                            + " writes its order",
                    e);
        }
    }

    private Take takeNow(List<String> stockKeys, UUID orderId, PurchaseRequest request, Instant now) {
        String keyField = request.idempotencyKey() == null
                ? ""
                : WriteAheadRecord.keyField(request.buyerId(), request.idempotencyKey());
        String fields = WriteAheadRecord.fields(request, now);
        List<Object> answer = scripts.run(
                TAKE,
                ScriptOutputType.MULTI,
                stockKeys,
                Integer.toString(request.quantity()),
                orderId.toString(),
                fields,
                keyField,
                Long.toString(now.toEpochMilli()),
                request.buyerId());
        return switch ((String) answer.getFirst()) {
            case "unknown" -> new Unknown();
            case "short" -> new Short(Integer.parseInt((String) answer.get(1)));
            case "limit" ->
                new OverLimit(Integer.parseInt((String) answer.get(1)), Integer.parseInt((String) answer.get(2)));
            case "taken" -> new Taken(WriteAheadRecord.decode(orderId, request.skuId(), answer.get(1) + ":" + fields));
            case "known" -> {
                UUID known = UUID.fromString((String) answer.get(1));
                yield new Known(WriteAheadRecord.decode(known, request.skuId(), (String) answer.get(2)));
            }
            default -> throw new IllegalStateException("take answered " + answer);
        };
    }

    /** Puts the copy into Redis unless one of its generation or a later one is there: true if this call did. */
    @Override
    public boolean init(String skuId, StockCopies.Copy copy) {
        redis.sadd(keys.skus(), skuId);
        return init(keys.of(skuId), copy, copy.stock(), copy.heldByBuyer());
    }

    /**
     * Puts {@code stock} units of the copy, and the units {@code heldByBuyer}, on the given keys of one slot (those of
     * {@link #take}, then any further keys the copy replaces), unless they hold the copy's generation or a later one:
     * true if this call did.
     */
    boolean init(List<String> stockKeys, StockCopies.Copy copy, int stock, Map<String, Integer> heldByBuyer) {
        List<String> args = new ArrayList<>(4 + 2 * heldByBuyer.size());
        args.add(Integer.toString(copy.initialStock()));
        args.add(Integer.toString(stock));
        args.add(Long.toString(copy.generation()));
        args.add(
                copy.maxPerBuyer().isPresent()
                        ? Integer.toString(copy.maxPerBuyer().getAsInt())
                        : "");
        heldByBuyer.forEach((buyer, units) -> {
            args.add(buyer);
            args.add(Integer.toString(units));
        });
        Long done = scripts.run(INIT, ScriptOutputType.INTEGER, stockKeys, args.toArray(String[]::new));
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

    /** The generation of the SKU's copy in Redis, one read; empty when the SKU is not in Redis. */
    @Override
    public OptionalLong generation(String skuId) {
        String generation = redis.hget(keys.meta(skuId), "gen");
        return generation == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(generation));
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
