package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.devservers.DelayingProxy;
import dev.stampede.devservers.LocalRedisCluster;
import dev.stampede.devservers.TestRedisCluster;
import io.lettuce.core.internal.HostAndPort;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A region's client reaching a Redis Cluster whose every node sits in another region: each node behind a {@link
 * DelayingProxy} (what {@code tc netem} would do, absent on this kernel), the client told the proxies' addresses by the
 * cluster address map. The cluster announces its nodes' own addresses; every connection goes through the proxies, and
 * every command pays their round trip.
 */
class ClusterAddressMapTest {

    private static final Duration ONE_WAY = Duration.ofMillis(40);

    @Test
    void aClusterClientReachesEveryNodeThroughItsProxyAndEachCommandPaysTheRoundTrip() {
        TestRedisCluster.require();
        List<DelayingProxy> proxies = new ArrayList<>();
        try (LocalRedisCluster cluster = LocalRedisCluster.start(0)) {
            List<String> entries = new ArrayList<>();
            for (int port : cluster.ports()) {
                DelayingProxy proxy = DelayingProxy.start(new InetSocketAddress("127.0.0.1", port), ONE_WAY);
                proxies.add(proxy);
                entries.add(
                        "127.0.0.1:" + port + "=127.0.0.1:" + proxy.address().getPort());
            }
            ClusterAddressMap map = ClusterAddressMap.parse(entries);
            ClientResources resources = DefaultClientResources.builder()
                    .socketAddressResolver(map.resolver())
                    .build();

            try (HoldsConfig.RedisAccess redis = HoldsConfig.RedisAccess.cluster(
                    resources, List.of("127.0.0.1:" + cluster.ports().getFirst()))) {
                for (int i = 0; i < 30; i++) {
                    String key = "{region-" + i + "}:key";
                    redis.commands().set(key, "v" + i);
                    long start = System.nanoTime();
                    assertThat(redis.commands().get(key)).isEqualTo("v" + i);
                    assertThat(Duration.ofNanos(System.nanoTime() - start))
                            .as("GET %s through its master's proxy", key)
                            .isGreaterThanOrEqualTo(ONE_WAY.multipliedBy(2));
                }
                long proxied = proxies.stream().filter(p -> p.connections() > 0).count();
                assertThat(proxied).as("proxies the client connected through").isGreaterThanOrEqualTo(3);
            }
        } finally {
            proxies.forEach(DelayingProxy::close);
        }
    }

    @Test
    void aNodeNotListedIsReachedAtItsOwnAddress() {
        ClusterAddressMap map = ClusterAddressMap.parse(List.of("10.0.0.1:7000=127.0.0.1:17000"));

        assertThat(map.route(HostAndPort.of("10.0.0.1", 7000))).isEqualTo(HostAndPort.of("127.0.0.1", 17000));
        assertThat(map.route(HostAndPort.of("10.0.0.2", 7000))).isEqualTo(HostAndPort.of("10.0.0.2", 7000));
    }

    @Test
    void anEntryThatIsNotHostPortEqualsHostPortOrANodeListedTwiceIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ClusterAddressMap.parse(List.of("10.0.0.1:7000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stampede.redis.cluster-address-map");
        assertThatThrownBy(() ->
                        ClusterAddressMap.parse(List.of("10.0.0.1:7000=127.0.0.1:1", "10.0.0.1:7000=127.0.0.1:2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void anAddressMapWithoutAClusterIsRefused() {
        assertThatThrownBy(() -> new RedisProperties(
                        null, List.of(), 0, "stampede:", Duration.ofSeconds(30), List.of("a:1=b:2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs stampede.redis.cluster");
    }
}
