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
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
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
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

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
                redis.commands(),
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

    /**
     * The configured Redis or Redis Cluster, or an embedded Redis started for it. Every command is counted and timed
     * by Lettuce's own recorder ({@code lettuce_command_completion_seconds} and {@code
     * lettuce_command_firstresponse_seconds}, tagged by {@code command} and {@code remote}, the node that answered:
     * on a cluster, its shard's master), with no percentiles or histogram; the bench reads the counts per node to show
     * how a sale's writes spread over the shards (issue 16).
     */
    @Bean(destroyMethod = "close")
    RedisAccess redisAccess(RedisProperties properties, MeterRegistry meters) {
        // Reconnect at least once a second, so that a Redis back after a long outage is used again at once.
        ClientResources.Builder builder = DefaultClientResources.builder()
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(1), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(
                        meters,
                        MicrometerOptions.builder()
                                .targetPercentiles(new double[0])
                                .build()));
        ClusterAddressMap addresses = properties.addressMap();
        if (!addresses.isEmpty()) {
            builder.socketAddressResolver(addresses.resolver());
        }
        ClientResources resources = builder.build();
        if (!properties.cluster().isEmpty()) {
            return RedisAccess.cluster(resources, properties.cluster());
        }
        EmbeddedRedisServer embedded = null;
        String url = properties.url();
        if (properties.embedded()) {
            embedded = EmbeddedRedisServer.start(properties.embeddedPort());
            url = embedded.url();
            log.info("Embedded Redis started at {}", url);
        }
        RedisClient client = RedisClient.create(resources, url);
        // While Redis is unreachable, fail each command at once (503 busy) rather than queue it until it times out.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        StatefulRedisConnection<String, String> connection = client.connect();
        connection.setTimeout(COMMAND_TIMEOUT);
        return new RedisAccess(client, connection, connection.sync(), embedded);
    }

    /**
     * One shared connection (Lettuce pipelines commands from many threads on it; on a cluster, one per node behind
     * it), its commands for the adapters, closed with its server.
     */
    record RedisAccess(
            AbstractRedisClient client,
            StatefulConnection<String, String> connection,
            RedisClusterCommands<String, String> commands,
            EmbeddedRedisServer embedded)
            implements AutoCloseable {

        /**
         * A Redis Cluster from some of its nodes ({@code host:port}). Commands go to the master of their key's slot;
         * the client re-reads the cluster's topology when a node answers MOVED or ASK or a connection drops (a
         * failover: a replica promoted), and every 10 s besides. Commands are rejected at once while a node is
         * unreachable, as with one Redis.
         */
        static RedisAccess cluster(ClientResources resources, List<String> nodes) {
            RedisClusterClient client = RedisClusterClient.create(
                    resources,
                    nodes.stream()
                            .map(node -> RedisURI.create("redis://" + node))
                            .toList());
            client.setOptions(ClusterClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(Duration.ofSeconds(10))
                            .build())
                    .build());
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            connection.setTimeout(COMMAND_TIMEOUT);
            return new RedisAccess(client, connection, connection.sync(), null);
        }

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
