package dev.stampede.redis;

import dev.stampede.core.StoreUnavailableException;

/**
 * Redis does not hold the data the {@code redis} hold strategy keeps there: it restarted empty, was flushed, or has
 * not been built from PostgreSQL yet. Nothing was changed; the data must be rebuilt before the step is tried again.
 */
final class RedisHoldsLost extends StoreUnavailableException {

    RedisHoldsLost(Throwable cause) {
        super("redis holds no seat-hold data (restarted empty or flushed); rebuilding from PostgreSQL", cause);
    }
}
