package dev.stampede.redis;

import dev.stampede.core.sale.SkuStore;
import dev.stampede.core.sale.StockCopies;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;

/**
 * What the {@code redis} purchase strategy, its reconciler and its audit share: the Redis connection, its keys and
 * scripts, the durable store of SKUs and the durable side of their copies (generations, fenced orders),
 * the one copier of this process (its copies leased across processes in the same Redis), and the clock that stamps write-ahead records.
 */
record RedisStock(
        RedisClusterCommands<String, String> redis,
        StockKeys keys,
        StockScripts scripts,
        SkuStore skus,
        StockCopies copies,
        RedisStockCopier copier,
        Clock clock) {

    static RedisStock of(
            RedisClusterCommands<String, String> redis,
            String keyPrefix,
            SkuStore skus,
            StockCopies copies,
            Clock clock) {
        StockKeys keys = new StockKeys(keyPrefix);
        StockScripts scripts = new StockScripts(redis, keys);
        RedisStockCopier copier = new RedisStockCopier(scripts, copies, new RedisLeaseLock(redis, keyPrefix, clock));
        return new RedisStock(redis, keys, scripts, skus, copies, copier, clock);
    }
}
