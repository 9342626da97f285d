package dev.stampede.server.config;

import java.util.OptionalInt;
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
 * @param regions regions the buckets are divided into ({@link dev.stampede.redis.QuotaLayout}: region {@code r} holds
 *     the buckets whose tags hash into the {@code r}-th of {@code regions} equal ranges of slots, which the deployment
 *     gives to that region's masters; a home bucket short of units takes from its own region's buckets first); 1: no
 *     regions. The same on every instance
 * @param region the region this instance serves, 0 to {@code regions - 1} (each instance its own): a purchase without
 *     an idempotency key, for a SKU without a per-buyer limit, gets a home bucket among that region's buckets ({@link
 *     dev.stampede.redis.QuotaLayout}); null (not set): every buyer's home is its id's hash over all buckets
 */
@ConfigurationProperties("stampede.redis.quota")
public record QuotaProperties(
        @DefaultValue("8") int buckets, @DefaultValue("1") int regions, Integer region) {

    public QuotaProperties {
        if (buckets < 1 || buckets > 1024) {
            throw new IllegalArgumentException("stampede.redis.quota.buckets must be from 1 to 1024, was " + buckets);
        }
        if (regions < 1 || regions > buckets) {
            throw new IllegalArgumentException(
                    "stampede.redis.quota.regions must be from 1 to stampede.redis.quota.buckets (" + buckets
                            + "), was " + regions);
        }
        if (region != null && (region < 0 || region >= regions)) {
            throw new IllegalArgumentException(
                    "stampede.redis.quota.region must be from 0 to stampede.redis.quota.regions - 1 (" + (regions - 1)
                            + "), was " + region);
        }
    }

    /** The region this instance serves; empty when {@code region} is not set. */
    public OptionalInt servedRegion() {
        return region == null ? OptionalInt.empty() : OptionalInt.of(region);
    }
}
