package dev.stampede.redis;

import dev.stampede.core.lock.LeaseLock;
import dev.stampede.core.sale.StockCopies;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;

/**
 * What the {@code quota} purchase strategy and its reconciler share: the Redis connection, the keys and scripts of the
 * buckets, the durable side of the copies (generations, fenced orders), the one copier of this process, the leases in
 * Redis (the copier's, and the one rebalancer of a SKU at a time across instances: {@link QuotaPurchase}), and the
 * clock that stamps write-ahead and transfer records.
 */
record QuotaStock(
        RedisClusterCommands<String, String> redis,
        QuotaKeys keys,
        StockScripts scripts,
        QuotaScripts transfers,
        QuotaBuckets buckets,
        StockCopies copies,
        RedisStockCopier copier,
        LeaseLock leases,
        Clock clock) {

    static QuotaStock of(
            RedisClusterCommands<String, String> redis,
            String keyPrefix,
            QuotaLayout layout,
            StockCopies copies,
            Clock clock) {
        QuotaKeys keys = new QuotaKeys(keyPrefix, layout);
        // Only its key-list methods are used: the buckets' keys are QuotaKeys's.
        StockScripts scripts = new StockScripts(redis, new StockKeys(keyPrefix));
        QuotaBuckets buckets = new QuotaBuckets(redis, keys, scripts, layout);
        LeaseLock leases = new RedisLeaseLock(redis, keyPrefix, clock);
        return new QuotaStock(
                redis,
                keys,
                scripts,
                new QuotaScripts(redis, keys),
                buckets,
                copies,
                new RedisStockCopier(buckets, copies, leases),
                leases,
                clock);
    }
}
