package dev.stampede.server.config;

import dev.stampede.core.lock.LeaseLock;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.lock.JdbcLeaseLock;
import dev.stampede.jdbc.sale.LeaseSettings;
import dev.stampede.redis.RedisLeaseLock;
import dev.stampede.server.config.HoldsConfig.RedisAccess;
import dev.stampede.server.lock.MeteredLeaseLock;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the lease lock of the {@code lease} strategy on the configured backend, measured. */
@Configuration(proxyBeanMethods = false)
class LockConfig {

    @Bean
    LeaseSettings leaseSettings(
            LockProperties properties,
            Transactions transactions,
            Clock clock,
            RedisAccess redis,
            RedisProperties redisProperties,
            MeterRegistry meters) {
        LeaseLock lock = switch (properties.backend()) {
            case "jdbc" -> new JdbcLeaseLock(transactions, clock);
            case "redis" -> new RedisLeaseLock(redis.connection(), redisProperties.keyPrefix(), clock);
            default -> throw new IllegalStateException("no lease lock backend " + properties.backend());
        };
        return new LeaseSettings(new MeteredLeaseLock(lock, meters), properties.ttl(), properties.maxWait());
    }
}
