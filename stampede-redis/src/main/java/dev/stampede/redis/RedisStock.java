package dev.stampede.redis;

import dev.stampede.core.sale.OrderStore;
import dev.stampede.core.sale.SkuStore;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;

/**
 * What the {@code redis} purchase strategy, its reconciler and its audit share: the Redis connection, its keys and
 * scripts, the durable stores of SKUs and orders, and the clock that stamps write-ahead records.
 */
record RedisStock(
        RedisCommands<String, String> redis,
        StockKeys keys,
        StockScripts scripts,
        SkuStore skus,
        OrderStore orders,
        Clock clock) {

    static RedisStock of(
            RedisCommands<String, String> redis, String keyPrefix, SkuStore skus, OrderStore orders, Clock clock) {
        StockKeys keys = new StockKeys(keyPrefix);
        return new RedisStock(redis, keys, new StockScripts(redis, keys), skus, orders, clock);
    }
}
