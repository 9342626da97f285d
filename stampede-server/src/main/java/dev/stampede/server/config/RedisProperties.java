package dev.stampede.server.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.redis.*}: the Redis of the {@code redis} hold strategy.
 *
 * @param url a Redis server ({@code redis://host:port}); when blank and no cluster is named, an embedded Redis is
 *     started
 * @param cluster some nodes of a Redis Cluster ({@code host:port}, comma-separated; the client learns the others from
 *     them): every Redis user of the service then goes to the cluster; empty: none. Not with {@code url}
 * @param embeddedPort the embedded Redis's port (0: any free port)
 * @param keyPrefix the prefix of every key this service writes
 * @param confirmDeadline how long a seat confirmation of the {@code redis} strategy may take to write its booking to
 *     PostgreSQL before PostgreSQL decides it (a confirmation cut off by a crash keeps its seats this long)
 * @param clusterAddressMap with {@code cluster}: nodes reached at another address than the one they announce, as
 *     {@code host:port=host:port} entries, comma-separated ({@link ClusterAddressMap}); empty: none
 */
@ConfigurationProperties("stampede.redis")
public record RedisProperties(
        String url,
        @DefaultValue List<String> cluster,
        @DefaultValue("0") int embeddedPort,
        @DefaultValue("stampede:") String keyPrefix,
        @DefaultValue("30s") Duration confirmDeadline,
        @DefaultValue List<String> clusterAddressMap) {

    public RedisProperties {
        if (url != null && !url.isBlank() && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("stampede.redis.url must look like redis://host:port, was " + url);
        }
        cluster = List.copyOf(cluster);
        for (String node : cluster) {
            if (!node.matches("[^:/\\s]+:\\d{1,5}")) {
                throw new IllegalArgumentException(
                        "stampede.redis.cluster must list host:port nodes, comma-separated, was " + node);
            }
        }
        if (!cluster.isEmpty() && url != null && !url.isBlank()) {
            throw new IllegalArgumentException("stampede.redis.url and stampede.redis.cluster are exclusive: name one");
        }
        clusterAddressMap = List.copyOf(clusterAddressMap);
        if (!clusterAddressMap.isEmpty() && cluster.isEmpty()) {
            throw new IllegalArgumentException("stampede.redis.cluster-address-map needs stampede.redis.cluster");
        }
        ClusterAddressMap.parse(clusterAddressMap);
        if (embeddedPort < 0 || embeddedPort > 65_535) {
            throw new IllegalArgumentException(
                    "stampede.redis.embedded-port must be a port number, was " + embeddedPort);
        }
        if (confirmDeadline.toMillis() < 100 || confirmDeadline.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "stampede.redis.confirm-deadline must be from 100ms to 10m, was " + confirmDeadline);
        }
    }

    /** {@code clusterAddressMap}, parsed. */
    ClusterAddressMap addressMap() {
        return ClusterAddressMap.parse(clusterAddressMap);
    }

    public boolean embedded() {
        return (url == null || url.isBlank()) && cluster.isEmpty();
    }
}
