package dev.stampede.server.config;

import dev.stampede.core.lock.LeaseLock;
import dev.stampede.etcd.EtcdLeaseLock;
import dev.stampede.etcd.EtcdLockSettings;
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

    @Bean(destroyMethod = "close")
    LeaseBackend leaseBackend(
            LockProperties properties,
            Transactions transactions,
            Clock clock,
            RedisAccess redis,
            RedisProperties redisProperties) {
        return new LeaseBackend(
                switch (properties.backend()) {
                    case "jdbc" -> new JdbcLeaseLock(transactions, clock);
                    case "redis" -> new RedisLeaseLock(redis.commands(), redisProperties.keyPrefix(), clock);
                    case "etcd" -> EtcdLeaseLock.connect(EtcdLockSettings.of(properties.etcdEndpoints()));
                    default -> throw new IllegalStateException("no lease lock backend " + properties.backend());
                });
    }

    @Bean
    LeaseSettings leaseSettings(LeaseBackend backend, LockProperties properties, MeterRegistry meters) {
        return new LeaseSettings(new MeteredLeaseLock(backend.lock(), meters), properties.ttl(), properties.maxWait());
    }

    /** The configured lease lock, closed with the service when it holds connections of its own (etcd). */
    record LeaseBackend(LeaseLock lock) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            if (lock instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
