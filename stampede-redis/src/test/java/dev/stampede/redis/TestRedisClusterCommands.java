package dev.stampede.redis;

import dev.stampede.devservers.LocalRedisCluster;
import dev.stampede.devservers.TestRedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Arrays;

/**
 * The Redis the contracts run against, by name: {@code redis} is the test Redis ({@link TestRedis}: embedded, or CI's
 * real one), {@code cluster} a real Redis Cluster ({@link LocalRedisCluster}: six {@code redis-server} processes on free
 * loopback ports), started once per test JVM on first use and stopped when it ends. Without {@code redis-server} and
 * {@code redis-cli} the cluster cases are skipped, except in CI, where they fail.
 */
final class TestRedisClusterCommands {

    private TestRedisClusterCommands() {}

    /** The commands of the Redis named {@code redis} or {@code cluster}. */
    static RedisClusterCommands<String, String> of(String redis) {
        return switch (redis) {
            case "redis" -> TestRedis.connection().sync();
            case "cluster" -> {
                TestRedisCluster.require();
                yield Cluster.COMMANDS;
            }
            default -> throw new IllegalArgumentException("no test Redis named " + redis);
        };
    }

    /** Started on first use (class initialisation), once. */
    private static final class Cluster {

        static final RedisClusterCommands<String, String> COMMANDS = start();

        private static RedisClusterCommands<String, String> start() {
            LocalRedisCluster cluster = LocalRedisCluster.start(0);
            RedisClusterClient client =
                    RedisClusterClient.create(Arrays.stream(cluster.nodes().split(","))
                            .map(node -> RedisURI.create("redis://" + node))
                            .toList());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.shutdown();
                cluster.close();
            }));
            return client.connect().sync();
        }
    }
}
