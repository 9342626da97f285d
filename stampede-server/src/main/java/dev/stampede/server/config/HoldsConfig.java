package dev.stampede.server.config;

import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.devservers.EmbeddedRedisServer;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.hold.JdbcHoldStores;
import dev.stampede.jdbc.hold.JdbcHoldStrategies;
import dev.stampede.redis.RedisLuaHold;
import dev.stampede.server.hold.HoldMetrics;
import dev.stampede.server.hold.Holds;
import dev.stampede.server.jobs.PeriodicJob;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires shows, seat holds and their strategies, and the Redis of the {@code redis} strategy. */
@Configuration(proxyBeanMethods = false)
class HoldsConfig {

    private static final Logger log = LoggerFactory.getLogger(HoldsConfig.class);

    /** Depends on the migration so that no request reaches tables that are not there yet. */
    @Bean
    Holds holds(
            FlywayMigrationInitializer migrated,
            Transactions transactions,
            Clock clock,
            StampedeProperties properties,
            RedisProperties redisProperties,
            RedisAccess redis,
            MeterRegistry meters) {
        ShowStore shows = JdbcHoldStores.shows(transactions, clock);
        List<HoldStrategy> strategies = new ArrayList<>(JdbcHoldStrategies.create(
                transactions, clock, properties.strategies().lockTimeout()));
        strategies.add(new RedisLuaHold(
                redis.connection(),
                redisProperties.keyPrefix(),
                shows,
                JdbcHoldStores.bookings(transactions),
                clock,
                redisProperties.confirmDeadline()));
        return new Holds(shows, strategies, new HoldMetrics(meters));
    }

    /** Frees expired holds in the background; holds expire in the conditional writes anyway, this only tidies up. */
    @Bean
    PeriodicJob holdSweep(Holds holds, HoldProperties properties) {
        return new PeriodicJob("hold-sweep", properties.sweepInterval(), holds::sweep);
    }

    /** The configured Redis, or an embedded one started for it. */
    @Bean(destroyMethod = "close")
    RedisAccess redisAccess(RedisProperties properties) {
        EmbeddedRedisServer embedded = null;
        String url = properties.url();
        if (properties.embedded()) {
            embedded = EmbeddedRedisServer.start(properties.embeddedPort());
            url = embedded.url();
            log.info("Embedded Redis started at {}", url);
        }
        // Reconnect at least once a second, so that a Redis back after a long outage is used again at once.
        RedisClient client = RedisClient.create(
                DefaultClientResources.builder()
                        .reconnectDelay(Delay.exponential(
                                Duration.ofMillis(1), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                        .build(),
                url);
        // While Redis is unreachable, fail each command at once (503 busy) rather than queue it until it times out.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        StatefulRedisConnection<String, String> connection = client.connect();
        connection.setTimeout(Duration.ofSeconds(5));
        return new RedisAccess(client, connection, embedded);
    }

    /** One shared connection (Lettuce pipelines commands from many threads on it), closed with its server. */
    record RedisAccess(
            RedisClient client, StatefulRedisConnection<String, String> connection, EmbeddedRedisServer embedded)
            implements AutoCloseable {

        @Override
        public void close() {
            try {
                connection.close();
                client.shutdown();
                client.getResources().shutdown();
            } finally {
                if (embedded != null) {
                    embedded.close();
                }
            }
        }
    }
}
