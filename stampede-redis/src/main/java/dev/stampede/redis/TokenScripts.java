package dev.stampede.redis;

/**
 * The Lua scripts of {@link RedisTokenPool}. Every script gets a SKU's keys in one order: {@code loaded} (set once the
 * pool was copied from the ledger), {@code claims} (sorted set: claim id by expiry, epoch milliseconds), {@code
 * claimed} (hash: claim id to its tokens, comma-separated), {@code redeemed} (set of tokens), then one set of free
 * tokens per partition (token {@code t} lives in partition {@code t mod n}). The keys share the SKU's hash tag, so a
 * Redis Cluster keeps them in one slot and one script sees them all.
 */
final class TokenScripts {

    private TokenScripts() {}

    /** Returns the tokens of claims expired by ARGV[now] to their partitions: expiry inside every conditional write. */
    private static final String EXPIRE = """
            local parts = #KEYS - 4
            local function part(t) return KEYS[5 + tonumber(t) % parts] end
            local function expire(now)
              for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)) do
                local held = redis.call('HGET', KEYS[3], id)
                if held then
                  for t in string.gmatch(held, '%d+') do redis.call('SADD', part(t), t) end
                end
                redis.call('HDEL', KEYS[3], id)
                redis.call('ZREM', KEYS[2], id)
              end
            end
            """;

    /** The value of {@code loaded} for a SKU with a per-buyer limit, whose claims the ledger decides. */
    static final String LIMITED = "limited";

    /**
     * ARGV: claim id, quantity, now, expiresAt (ms), first partition. Answers {-1} when the pool was not copied yet,
     * {-2} when the SKU has a per-buyer limit (the ledger decides its claims: nothing claimed here), {0, free} when
     * fewer than the quantity are free (nothing claimed), {1, token...} when claimed: taken from the first partition,
     * falling over to the next while one is empty.
     */
    static final String CLAIM = EXPIRE + """
            local loaded = redis.call('GET', KEYS[1])
            if not loaded then return {-1} end
            if loaded == 'limited' then return {-2} end
            expire(ARGV[3])
            local wanted = tonumber(ARGV[2])
            local free = 0
            for i = 5, #KEYS do free = free + redis.call('SCARD', KEYS[i]) end
            if free < wanted then return {0, free} end
            local tokens = {}
            local first = tonumber(ARGV[5])
            for i = 0, parts - 1 do
              local popped = redis.call('SPOP', KEYS[5 + (first + i) % parts], wanted - #tokens)
              for _, t in ipairs(popped) do tokens[#tokens + 1] = t end
              if #tokens == wanted then break end
            end
            redis.call('HSET', KEYS[3], ARGV[1], table.concat(tokens, ','))
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
            local answer = {1}
            for _, t in ipairs(tokens) do answer[#answer + 1] = tonumber(t) end
            return answer
            """;

    /**
     * ARGV: claim id, its tokens (comma-separated), expiresAt, now (ms). The ledger granted the claim itself (a SKU with a
     * per-buyer limit): its tokens leave their partitions and are held by the claim here, as if this pool had granted it.
     */
    static final String CLAIMED = EXPIRE + """
            expire(ARGV[4])
            for t in string.gmatch(ARGV[2], '%d+') do redis.call('SREM', part(t), t) end
            redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
            return 1
            """;

    /**
     * ARGV: claim id, its tokens (comma-separated). The ledger redeemed the claim: its tokens are redeemed here too,
     * taken out of their partitions if an expiry had put them back meanwhile.
     */
    static final String REDEEMED = EXPIRE + """
            for t in string.gmatch(ARGV[2], '%d+') do
              redis.call('SADD', KEYS[4], t)
              redis.call('SREM', part(t), t)
            end
            redis.call('HDEL', KEYS[3], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1
            """;

    /**
     * ARGV: claim id. The ledger released the claim: if it is still here, its tokens go back to their partitions (1);
     * else it had expired here already (0).
     */
    static final String RELEASED = EXPIRE + """
            local held = redis.call('HGET', KEYS[3], ARGV[1])
            if not held then return 0 end
            for t in string.gmatch(held, '%d+') do redis.call('SADD', part(t), t) end
            redis.call('HDEL', KEYS[3], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1
            """;

    /**
     * ARGV: the ledger's free tokens, its redeemed tokens (comma-separated), and {@value #LIMITED} or {@code 1} (the
     * SKU has a per-buyer limit or not). Copies them in unless another instance has (0); tokens of the ledger's open
     * claims are left out (the reconciler adds them when they are free again).
     */
    static final String LOAD = EXPIRE + """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
            for t in string.gmatch(ARGV[1], '%d+') do redis.call('SADD', part(t), t) end
            for t in string.gmatch(ARGV[2], '%d+') do redis.call('SADD', KEYS[4], t) end
            redis.call('SET', KEYS[1], ARGV[3])
            return 1
            """;

    /**
     * ARGV: mode ({@code check} or {@code repair}), now (ms), the ledger's free, held and redeemed tokens, read before
     * (comma-separated). Answers {stray free, lost, redeemed but claimed, loaded (1/0)}. In {@code repair} mode it
     * expires due claims first, then takes stray tokens out of the partitions, ends open claims holding tokens the
     * ledger redeemed (marking those redeemed), and puts lost tokens back. A token Redis holds in an open claim is
     * never called lost (its claim may be between its Redis and ledger steps), nor is one Redis marked redeemed (it does
     * so only after the ledger did, so the ledger's read is older).
     */
    static final String RECONCILE = EXPIRE + """
            if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0, 0, 0} end
            local repair = ARGV[1] == 'repair'
            local now = tonumber(ARGV[2])
            if repair then expire(ARGV[2]) end
            local open, expiring, openIds = {}, {}, {}
            for _, id in ipairs(redis.call('HKEYS', KEYS[3])) do
              local score = redis.call('ZSCORE', KEYS[2], id)
              local into = expiring
              if score and tonumber(score) > now then
                into = open
                openIds[#openIds + 1] = id
              end
              for t in string.gmatch(redis.call('HGET', KEYS[3], id), '%d+') do into[t] = id end
            end
            local function free(t) return redis.call('SISMEMBER', part(t), t) == 1 or expiring[t] ~= nil end
            local stray, lost, unmarked = 0, 0, 0
            for _, taken in ipairs({ARGV[4], ARGV[5]}) do
              for t in string.gmatch(taken, '%d+') do
                if free(t) then
                  stray = stray + 1
                  if repair then redis.call('SREM', part(t), t) end
                end
              end
            end
            local redeemedInLedger = {}
            for t in string.gmatch(ARGV[5], '%d+') do redeemedInLedger[t] = true end
            for _, id in ipairs(openIds) do
              local held = redis.call('HGET', KEYS[3], id)
              local hits = 0
              for t in string.gmatch(held, '%d+') do
                if redeemedInLedger[t] then hits = hits + 1 end
              end
              unmarked = unmarked + hits
              if repair and hits > 0 then
                for t in string.gmatch(held, '%d+') do
                  open[t] = nil
                  if redeemedInLedger[t] then redis.call('SADD', KEYS[4], t) end
                end
                redis.call('HDEL', KEYS[3], id)
                redis.call('ZREM', KEYS[2], id)
              end
            end
            for t in string.gmatch(ARGV[3], '%d+') do
              if not free(t) and not open[t] and redis.call('SISMEMBER', KEYS[4], t) == 0 then
                lost = lost + 1
                if repair then redis.call('SADD', part(t), t) end
              end
            end
            return {stray, lost, unmarked, 1}
            """;
}
