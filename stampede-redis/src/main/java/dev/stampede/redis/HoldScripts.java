package dev.stampede.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lua scripts of the {@code redis} hold strategy, each one atomic step, and the guard they all run behind.
 *
 * <p>Seat tokens: {@code H|holdId|expiresAtMillis|fence} while held (free again once that time has passed), {@code
 * C|holdId|deadlineMillis|fence} while claimed by a confirmation (PostgreSQL decides it: never free by time alone),
 * {@code B|holdId|0|fence} once PostgreSQL holds the booking. A hold hash has {@code show, holder, seats, fence,
 * expires, status} and, once claimed, {@code deadline}; its status is one of {@code held, confirming, booked, released,
 * expired}.
 *
 * <p>The guard: every script takes a guard key as {@code KEYS[1]} and its expected value as {@code ARGV[1]}, and fails
 * with {@code UNBUILT} (changing nothing) unless the key holds that value. In service the guard is the {@linkplain
 * HoldKeys#ready() ready marker}, so a Redis that restarted empty or was flushed is noticed by the first script to run
 * on it, before anything is read or written; while Redis is rebuilt from PostgreSQL the guard is the rebuilder's lock.
 * The other keys and arguments of each script are listed after the guard's.
 */
final class HoldScripts {

    /** A key and the value it must hold for a script to run. */
    record Guard(String key, String value) {}

    private static final String GUARD = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('UNBUILT hold data absent') end
            local function parse(v) return string.match(v, '^(%a)|([^|]*)|(%d+)|(%d+)$') end
            """;

    /**
     * KEYS: hold, active set, fence counter, seats... ARGV: holdId, holder, now, expires, seat px, show, seat list,
     * record px. Answers {@code {1, fence}}, or {@code {0, taken seat positions (1-based), how many of them are
     * claimed past their deadline}} having changed nothing.
     */
    static final String HOLD = GUARD + """
            local now = tonumber(ARGV[4])
            local taken, overdue = {}, 0
            for i = 5, #KEYS do
              local v = redis.call('GET', KEYS[i])
              if v then
                local kind, _, time = parse(v)
                if kind ~= 'H' or tonumber(time) > now then table.insert(taken, i - 4) end
                if kind == 'C' and tonumber(time) <= now then overdue = overdue + 1 end
              end
            end
            if #taken > 0 then return {0, taken, overdue} end
            local fence = redis.call('INCR', KEYS[4])
            local token = 'H|' .. ARGV[2] .. '|' .. ARGV[5] .. '|' .. fence
            for i = 5, #KEYS do redis.call('SET', KEYS[i], token, 'PX', ARGV[6]) end
            redis.call('HSET', KEYS[2], 'show', ARGV[7], 'holder', ARGV[3], 'seats', ARGV[8],
                       'fence', fence, 'expires', ARGV[5], 'status', 'held')
            redis.call('PEXPIRE', KEYS[2], ARGV[9])
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[2])
            return {1, fence}
            """;

    /** KEYS: hold. Answers the hold's {@code show, seats, expires, fence} (nils when there is no such hold). */
    static final String READ_HOLD = GUARD + """
            return redis.call('HMGET', KEYS[2], 'show', 'seats', 'expires', 'fence')
            """;

    /** KEYS: seats... Answers each seat's token, or nil. */
    static final String READ_SEATS = GUARD + """
            local tokens = {}
            for i = 2, #KEYS do tokens[i - 1] = redis.call('GET', KEYS[i]) end
            return tokens
            """;

    /**
     * The start of the scripts acting on a holder's active hold (KEYS: hold, active set, confirming set, seats...;
     * ARGV: holdId, holder, now, ...): answers 'none' or 'not_holder' unless it is one, and leaves the hold's fields in
     * {@code m} and its seat token in {@code token}.
     */
    private static final String ACTIVE_HOLD = GUARD + """
            local m = redis.call('HMGET', KEYS[2], 'holder', 'status', 'expires', 'fence')
            if not m[2] then return 'none' end
            if m[1] ~= ARGV[3] then return 'not_holder' end
            if m[2] ~= 'held' or tonumber(m[3]) <= tonumber(ARGV[4]) then return 'none' end
            local token = 'H|' .. ARGV[2] .. '|' .. m[3] .. '|' .. m[4]
            """;

    /** See {@link #ACTIVE_HOLD}. Frees only the seats still carrying the hold's token. */
    static final String RELEASE = ACTIVE_HOLD + """
            for i = 5, #KEYS do
              if redis.call('GET', KEYS[i]) == token then redis.call('DEL', KEYS[i]) end
            end
            redis.call('HSET', KEYS[2], 'status', 'released')
            redis.call('ZREM', KEYS[3], ARGV[2])
            return 'released'
            """;

    /**
     * See {@link #ACTIVE_HOLD}; ARGV also: new expiry, seat px. Moves the expiry only if every seat still carries the
     * hold's token, rewriting the token with the new expiry.
     */
    static final String EXTEND = ACTIVE_HOLD + """
            for i = 5, #KEYS do
              if redis.call('GET', KEYS[i]) ~= token then return 'none' end
            end
            local renewed = 'H|' .. ARGV[2] .. '|' .. ARGV[5] .. '|' .. m[4]
            for i = 5, #KEYS do redis.call('SET', KEYS[i], renewed, 'PX', ARGV[6]) end
            redis.call('HSET', KEYS[2], 'expires', ARGV[5])
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[2])
            return 'extended'
            """;

    /**
     * KEYS: hold, active set, confirming set, seats... ARGV: holdId, holder, now, fence, deadline. Claims an active
     * hold for its confirmation: every seat from held-by-this-token to claimed until {@code deadline}, without expiry
     * (PostgreSQL decides a claim, never time alone); the hold to 'confirming'. Answers {@code claimed}; or, changing
     * nothing, {@code confirming} (claimed before, deadline not passed: the booking may be written again), {@code
     * overdue} (claimed, deadline passed: PostgreSQL must decide), {@code booked}, {@code expired}, {@code none},
     * {@code not_holder}, or {@code stale} with the hold's fence.
     */
    static final String CLAIM = GUARD + """
            local m = redis.call('HMGET', KEYS[2], 'holder', 'status', 'expires', 'fence', 'deadline')
            if not m[2] or m[2] == 'released' then return {'none'} end
            if m[1] ~= ARGV[3] then return {'not_holder'} end
            if m[4] ~= ARGV[5] then return {'stale', m[4]} end
            if m[2] == 'booked' then return {'booked'} end
            if m[2] == 'confirming' then
              if tonumber(m[5]) > tonumber(ARGV[4]) then return {'confirming'} end
              return {'overdue'}
            end
            if m[2] == 'expired' or tonumber(m[3]) <= tonumber(ARGV[4]) then return {'expired'} end
            local token = 'H|' .. ARGV[2] .. '|' .. m[3] .. '|' .. m[4]
            for i = 5, #KEYS do
              if redis.call('GET', KEYS[i]) ~= token then return {'expired'} end
            end
            local claimed = 'C|' .. ARGV[2] .. '|' .. ARGV[6] .. '|' .. m[4]
            for i = 5, #KEYS do redis.call('SET', KEYS[i], claimed) end
            redis.call('HSET', KEYS[2], 'status', 'confirming', 'deadline', ARGV[6])
            redis.call('PERSIST', KEYS[2])
            redis.call('ZREM', KEYS[3], ARGV[2])
            redis.call('ZADD', KEYS[4], ARGV[6], ARGV[2])
            return {'claimed'}
            """;

    /**
     * KEYS: hold, active set, confirming set, seats... ARGV: holdId, fence, record px. PostgreSQL holds this booking:
     * marks its seats booked whatever they carried (PostgreSQL books a seat once, ever) and the hold, if Redis still has
     * it, booked.
     */
    static final String BOOKED = GUARD + """
            local booked = 'B|' .. ARGV[2] .. '|0|' .. ARGV[3]
            for i = 5, #KEYS do redis.call('SET', KEYS[i], booked) end
            if redis.call('EXISTS', KEYS[2]) == 1 then
              redis.call('HSET', KEYS[2], 'status', 'booked')
              redis.call('PEXPIRE', KEYS[2], ARGV[4])
            end
            redis.call('ZREM', KEYS[3], ARGV[2])
            redis.call('ZREM', KEYS[4], ARGV[2])
            return 1
            """;

    /**
     * KEYS: hold, active set, confirming set, seats... ARGV: holdId, record px. PostgreSQL has fenced this claimed hold
     * out and holds no booking of it: frees the seats still claimed by it (whatever their deadline) and marks it
     * expired, if Redis still has it.
     */
    static final String ABANDON = GUARD + """
            local claimed = 'C|' .. ARGV[2] .. '|'
            for i = 5, #KEYS do
              local v = redis.call('GET', KEYS[i])
              if v and string.sub(v, 1, #claimed) == claimed then redis.call('DEL', KEYS[i]) end
            end
            if redis.call('HGET', KEYS[2], 'status') == 'confirming' then
              redis.call('HSET', KEYS[2], 'status', 'expired')
              redis.call('PEXPIRE', KEYS[2], ARGV[3])
            end
            redis.call('ZREM', KEYS[4], ARGV[2])
            return 1
            """;

    /** KEYS: hold, active set, confirming set, seats... ARGV: holdId, now. Frees the seats of an expired hold. */
    static final String EXPIRE = GUARD + """
            local m = redis.call('HMGET', KEYS[2], 'status', 'expires', 'fence')
            if m[1] ~= 'held' then redis.call('ZREM', KEYS[3], ARGV[2]) return 0 end
            if tonumber(m[2]) > tonumber(ARGV[3]) then return 0 end
            local token = 'H|' .. ARGV[2] .. '|' .. m[2] .. '|' .. m[3]
            for i = 5, #KEYS do
              if redis.call('GET', KEYS[i]) == token then redis.call('DEL', KEYS[i]) end
            end
            redis.call('HSET', KEYS[2], 'status', 'expired')
            redis.call('ZREM', KEYS[3], ARGV[2])
            return 1
            """;

    /**
     * KEYS: fence counter, seats... ARGV: fence floor, each seat's booked token. Copies PostgreSQL's bookings of a show:
     * marks each seat booked by its hold, and raises the fence counter to at least the floor.
     */
    static final String COPY_BOOKED_SEATS = GUARD + """
            if tonumber(redis.call('GET', KEYS[2]) or '0') < tonumber(ARGV[2]) then
              redis.call('SET', KEYS[2], ARGV[2])
            end
            for i = 3, #KEYS do redis.call('SET', KEYS[i], ARGV[i]) end
            return 1
            """;

    /** KEYS: ready marker (the guard is the rebuilder's lock). ARGV: marker value. Ends a rebuild. */
    static final String FINISH_REBUILD = GUARD + """
            redis.call('SET', KEYS[2], ARGV[2])
            redis.call('DEL', KEYS[1])
            return 1
            """;

    private final LuaScripts scripts;

    HoldScripts(RedisClusterCommands<String, String> redis) {
        this.scripts = new LuaScripts(redis);
    }

    /**
     * Runs {@code script} behind {@code guard}.
     *
     * @throws RedisHoldsLost if the guard key does not hold its value (nothing was changed)
     * @throws io.lettuce.core.RedisException if Redis could not be reached or failed
     */
    <T> T run(Guard guard, String script, ScriptOutputType type, List<String> keys, String... args) {
        List<String> guardedKeys = new ArrayList<>(keys.size() + 1);
        guardedKeys.add(guard.key());
        guardedKeys.addAll(keys);
        String[] guardedArgs = new String[args.length + 1];
        guardedArgs[0] = guard.value();
        System.arraycopy(args, 0, guardedArgs, 1, args.length);
        try {
            return scripts.run(script, type, guardedKeys, guardedArgs);
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("UNBUILT")) {
                throw new RedisHoldsLost(e);
            }
            throw e;
        }
    }
}
