package dev.stampede.redis;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.PollingLeaseLock;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Leases in Redis, one hash per name ({@code owner}, {@code expires}, {@code token}), each step one Lua script so it
 * is atomic: acquire takes the hash only if it has no owner or its expiry has passed and increments the token in the
 * same script; renew and release compare owner and token first. Expiry is decided in the scripts against the injected
 * clock, as the seat holds do. The hash outlives its leases (release clears only the owner) so tokens keep growing;
 * a Redis that loses its data restarts tokens at 1, which fenced writes then refuse: safe, but the SKU stays refused
 * until its fence is reset, so run Redis with persistence (AOF) when leases fence durable writes.
 */
public final class RedisLeaseLock extends PollingLeaseLock {

    /** KEYS: lease hash. ARGV: owner, now, expires. Answers the new token, or 0 if the lease is held. */
    private static final String ACQUIRE = """
            local m = redis.call('HMGET', KEYS[1], 'owner', 'expires')
            if m[1] and tonumber(m[2]) > tonumber(ARGV[2]) then return 0 end
            local token = redis.call('HINCRBY', KEYS[1], 'token', 1)
            redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'expires', ARGV[3])
            return token
            """;

    /** The start of the scripts acting on a held lease (ARGV: owner, token, now, ...): answers 0 unless it is held. */
    private static final String HELD = """
            local m = redis.call('HMGET', KEYS[1], 'owner', 'token', 'expires')
            if m[1] ~= ARGV[1] or m[2] ~= ARGV[2] or tonumber(m[3]) <= tonumber(ARGV[3]) then return 0 end
            """;

    /** ARGV: owner, token, now, new expiry. */
    private static final String RENEW = HELD + """
            redis.call('HSET', KEYS[1], 'expires', ARGV[4])
            return 1
            """;

    /** ARGV: owner, token, now. */
    private static final String RELEASE = HELD + """
            redis.call('HDEL', KEYS[1], 'owner', 'expires')
            return 1
            """;

    private final LuaScripts scripts;
    private final String prefix;
    private final Clock clock;

    /** {@code prefix} namespaces every key, so that several services or test runs may share one Redis. */
    public RedisLeaseLock(RedisClusterCommands<String, String> redis, String prefix, Clock clock) {
        this.scripts = new LuaScripts(redis);
        this.prefix = prefix;
        this.clock = clock;
    }

    @Override
    public String backend() {
        return "redis";
    }

    @Override
    protected Optional<Lease> tryAcquire(String name, String owner, Duration ttl) {
        Instant now = now();
        Instant expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.MILLIS);
        long token = run(ACQUIRE, name, owner, millis(now), millis(expiresAt));
        return token == 0 ? Optional.empty() : Optional.of(new Lease(name, owner, token, expiresAt));
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        Instant now = now();
        Instant expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.MILLIS);
        if (run(RENEW, lease.name(), lease.owner(), String.valueOf(lease.token()), millis(now), millis(expiresAt))
                == 0) {
            lease.signalLost("renewal found the lease expired or taken over");
            return Optional.empty();
        }
        return Optional.of(lease.renewedUntil(expiresAt));
    }

    @Override
    protected boolean tryRelease(Lease lease) {
        if (run(RELEASE, lease.name(), lease.owner(), String.valueOf(lease.token()), millis(now())) == 0) {
            lease.signalLost("release found the lease expired or taken over");
            return false;
        }
        return true;
    }

    private long run(String script, String name, String... args) {
        try {
            return scripts.<Long>run(script, ScriptOutputType.INTEGER, List.of(prefix + "lease:{" + name + "}"), args);
        } catch (RedisException e) {
            throw new StoreUnavailableException("redis unavailable: " + e.getMessage(), e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String millis(Instant instant) {
        return String.valueOf(instant.toEpochMilli());
    }
}
