package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.devservers.DelayingProxy;
import dev.stampede.devservers.LocalRedisCluster;
import dev.stampede.devservers.TestRedisCluster;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.testkit.SaleFuzz;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.internal.HostAndPort;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.MappingSocketAddressResolver;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 5, simulated: two regions on one real Redis Cluster of four masters (the first two serve the first half
 * of the slots: region 0; the other two region 1), each region with its own {@code quota} strategy and Redis client,
 * and a {@link DelayingProxy} (25 ms each way) in front of every node, through which the other region's client reaches
 * it (its address map, Lettuce's {@link MappingSocketAddressResolver}). The proxies, the cluster and the clients are
 * created and removed by the test. Each buyer is sent to its home bucket's region; the sale sells exactly the stock,
 * from both regions, and the audit of the durable record is exact.
 */
class QuotaRegionsTest {

    private static final Duration ONE_WAY = Duration.ofMillis(25);
    private static final QuotaLayout LAYOUT = new QuotaLayout(8, 2);
    private static final int STOCK = 300;

    @Test
    void twoRegionsWithADelayBetweenThemSellExactlyTheStockEachBuyerInItsHomeRegion() {
        TestRedisCluster.require();
        try (LocalRedisCluster cluster = LocalRedisCluster.start(0, 4)) {
            sellThroughTwoRegions(cluster);
        }
    }

    private static void sellThroughTwoRegions(LocalRedisCluster cluster) {
        List<DelayingProxy> proxies = new ArrayList<>();
        List<RedisClusterClient> clients = new ArrayList<>();
        try {
            Map<HostAndPort, Integer> regionOfNode = regionOfEachNode(cluster);
            Map<HostAndPort, HostAndPort> proxied = new HashMap<>();
            regionOfNode.keySet().forEach(node -> {
                DelayingProxy proxy =
                        DelayingProxy.start(new InetSocketAddress(node.getHostText(), node.getPort()), ONE_WAY);
                proxies.add(proxy);
                proxied.put(node, HostAndPort.of("127.0.0.1", proxy.address().getPort()));
            });
            String prefix = "regions-" + UUID.randomUUID() + ":";
            List<QuotaPurchase> regions = new ArrayList<>();
            for (int region = 0; region < LAYOUT.regions(); region++) {
                int home = region;
                // this region's nodes directly, the other region's through their proxies
                ClientResources resources = DefaultClientResources.builder()
                        .socketAddressResolver(MappingSocketAddressResolver.create((HostAndPort node) ->
                                regionOfNode.getOrDefault(node, home) == home ? node : proxied.get(node)))
                        .build();
                RedisClusterClient client = RedisClusterClient.create(
                        resources,
                        RedisURI.create("redis://127.0.0.1:" + cluster.ports().getFirst()));
                clients.add(client);
                regions.add(new QuotaPurchase(
                        client.connect().sync(),
                        prefix,
                        LAYOUT,
                        RedisSale.copies(TestDatabase.dataSource()),
                        RedisSale.WRITES,
                        Clock.systemUTC(),
                        PurchaseListener.NONE));
            }
            String sku = RedisSale.newSku("quota", STOCK, OptionalInt.empty());
            QuotaKeys keys = new QuotaKeys(prefix, LAYOUT);
            int[] soldIn = new int[LAYOUT.regions()];
            PurchaseStrategy routed = new PurchaseStrategy() {
                @Override
                public String name() {
                    return "quota";
                }

                @Override
                public PurchaseResult purchase(PurchaseRequest request) {
                    int region = keys.region(sku, QuotaBuckets.home(request.buyerId(), LAYOUT.buckets()));
                    PurchaseResult result = regions.get(region).purchase(request);
                    if (result instanceof Purchased) {
                        synchronized (soldIn) {
                            soldIn[region]++;
                        }
                    }
                    return result;
                }
            };

            SaleFuzz.Outcome outcome =
                    SaleFuzz.run(routed, 32, 2 * STOCK, i -> PurchaseRequest.of(sku, "buyer-" + i, 1));
            int leftBehind = Math.toIntExact(IntStream.iterate(0, i -> i + 1)
                    .mapToObj(i -> routed.purchase(PurchaseRequest.of(sku, "last-buyer", 1)))
                    .takeWhile(Purchased.class::isInstance)
                    .count());

            assertThat(outcome.results()).allMatch(r -> r instanceof Purchased || r instanceof SoldOut);
            assertThat(outcome.of(Purchased.class).size() + leftBehind).isEqualTo(STOCK);
            assertThat(soldIn).as("units sold in each region").doesNotContain(0);
            SaleAudit audit = RedisSale.SKUS.audit(sku).orElseThrow();
            assertThat(audit.violations()).isEmpty();
            assertThat(audit.unitsInOrders()).isEqualTo(STOCK);
            assertThat(audit.stock()).isZero();
            assertThat(proxies.stream().mapToInt(DelayingProxy::connections).sum())
                    .as("connections through the delaying proxies")
                    .isPositive();
        } finally {
            // before the cluster stops
            clients.forEach(RedisClusterClient::shutdown);
            proxies.forEach(DelayingProxy::close);
        }
    }

    /**
     * Each node's region: a master's is the region of the first slot it serves ({@link QuotaLayout}), a replica's its
     * master's.
     */
    private static Map<HostAndPort, Integer> regionOfEachNode(LocalRedisCluster cluster) {
        List<String[]> nodes = cluster.cli(cluster.ports().getFirst(), "CLUSTER", "NODES")
                .lines()
                .map(line -> line.split(" "))
                .toList();
        Map<String, Integer> regionOfMaster = new HashMap<>();
        for (String[] node : nodes) {
            if (node[2].contains("master")) {
                int firstSlot = Integer.parseInt(node[8].split("-")[0]);
                regionOfMaster.put(node[0], LAYOUT.regionOf(firstSlot));
            }
        }
        Map<HostAndPort, Integer> regions = new HashMap<>();
        for (String[] node : nodes) {
            int region = regionOfMaster.getOrDefault(node[0], regionOfMaster.getOrDefault(node[3], -1));
            regions.put(HostAndPort.parse(node[1].replaceAll("@.*", "")), region);
        }
        return regions;
    }
}
