package dev.stampede.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.redis.quota.*}: the {@code quota} purchase strategy (its Redis is {@code
 * stampede.redis.*}; its reconciler runs as the {@code redis} strategy's does, {@code stampede.redis.stock.*}). A bad
 * value stops the start-up with a message naming the setting.
 *
 * @param buckets how many buckets a SKU's stock is split into (fewer when the stock is smaller); each bucket has a hash
 *     tag of its own, so on a Redis Cluster they spread over the shards. Keep it the same on every instance of a
 *     deployment: a buyer's home bucket is the hash of its id modulo the number of buckets
 */
@ConfigurationProperties("stampede.redis.quota")
public record QuotaProperties(@DefaultValue("8") int buckets) {

    public QuotaProperties {
        if (buckets < 1 || buckets > 1024) {
            throw new IllegalArgumentException("stampede.redis.quota.buckets must be from 1 to 1024, was " + buckets);
        }
    }
}
