package dev.stampede.server.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.redis.stock.*}: the reconciler of the {@code redis} purchase strategy (its Redis is
 * {@code stampede.redis.*}). Bad values stop the start-up with a message naming the setting.
 *
 * @param redriveAfter how long after its take a write-ahead record whose order is not durable is left to its own
 *     request before the reconciler writes the order from it (re-driving earlier is safe, only wasted work)
 * @param reconcileInterval how often the reconciler runs (re-drive, then repair drift from PostgreSQL's orders)
 */
@ConfigurationProperties("stampede.redis.stock")
public record RedisStockProperties(
        @DefaultValue("5s") Duration redriveAfter,
        @DefaultValue("1s") Duration reconcileInterval) {

    public RedisStockProperties {
        if (redriveAfter.toMillis() < 100 || redriveAfter.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "stampede.redis.stock.redrive-after must be from 100ms to 10m, was " + redriveAfter);
        }
        if (reconcileInterval.toMillis() < 10 || reconcileInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "stampede.redis.stock.reconcile-interval must be from 10ms to 10m, was " + reconcileInterval);
        }
    }
}
