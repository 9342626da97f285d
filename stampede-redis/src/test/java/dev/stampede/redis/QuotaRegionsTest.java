package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.IdempotentPurchases;
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
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 5, simulated: two regions on one real Redis Cluster of four masters (the first two serve the first half
 * of the slots: region 0; the other two region 1), each region with its own {@code quota} strategy and Redis client,
 * and a {@link DelayingProxy} (25 ms each way) in front of every node, through which the other region's client reaches
 * it (its address map, Lettuce's {@link MappingSocketAddressResolver}). The proxies, the cluster and the clients are
 * created and removed by the test. Each buyer is sent to its home bucket's region; the sale sells exactly the stock,
 * from both regions, and the audit of the durable record is exact. And a buyer served by a region's instance ({@link
 * QuotaLayout#servedRegion}) takes from that region's buckets, whatever its id's hash, unless the request carries an
 * idempotency key or the SKU has a per-buyer limit (those stay in the id's one bucket).
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

    /**
     * One {@code quota} strategy per region on {@code cluster}, each with its own Redis client that reaches its own
     * region's nodes directly and the other region's through their {@link DelayingProxy} (added to {@code proxies});
     * the clients are added to {@code clients}, for the caller to shut down before the proxies and the cluster.
     */
    private static List<QuotaPurchase> twoRegions(
            LocalRedisCluster cluster,
            List<DelayingProxy> proxies,
            List<RedisClusterClient> clients,
            IntFunction<QuotaLayout> layoutOfRegion,
            Duration commandTimeout) {
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
                    RedisURI.builder()
                            .withHost("127.0.0.1")
                            .withPort(cluster.ports().getFirst())
                            .withTimeout(commandTimeout)
                            .build());
            clients.add(client);
            regions.add(new QuotaPurchase(
                    client.connect().sync(),
                    prefix,
                    layoutOfRegion.apply(region),
                    RedisSale.copies(TestDatabase.dataSource()),
                    RedisSale.WRITES,
                    Clock.systemUTC(),
                    PurchaseListener.NONE));
        }
        return regions;
    }

    private static void sellThroughTwoRegions(LocalRedisCluster cluster) {
        List<DelayingProxy> proxies = new ArrayList<>();
        List<RedisClusterClient> clients = new ArrayList<>();
        try {
            List<QuotaPurchase> regions =
                    twoRegions(cluster, proxies, clients, region -> LAYOUT, Duration.ofSeconds(60));
            String sku = RedisSale.newSku("quota", STOCK, OptionalInt.empty());
            QuotaKeys keys = new QuotaKeys("any:", LAYOUT);
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
     * Issue 16 item 5 (4): the link between the regions cut (every proxy stops forwarding, as a partition drops
     * packets: nothing is closed) after the SKU was copied. Each region's buyers, served by its own instance, still buy
     * exactly their region's quota (40 of 80 units: 4 buckets of 10, less the one each region sold before the cut); a
     * buyer whose region is dry then tries to take a share from the other region, which does not answer: after its
     * command timeout (1 s here) it is answered {@code Busy} (503 with {@code Retry-After} on the wire), nothing sold.
     * Healed, the commands held back are delivered and find nothing to take; the durable record's audit is exact: every
     * unit sold once, none twice, none left.
     */
    @Test
    void aPartitionBetweenRegionsLetsEachSellItsOwnQuotaAndADryRegionsBuyerIsAnsweredBusy() {
        TestRedisCluster.require();
        List<DelayingProxy> proxies = new ArrayList<>();
        List<RedisClusterClient> clients = new ArrayList<>();
        try (LocalRedisCluster cluster = LocalRedisCluster.start(0, 4)) {
            try {
                List<QuotaPurchase> regions = twoRegions(
                        cluster,
                        proxies,
                        clients,
                        region -> new QuotaLayout(8, 2, OptionalInt.of(region)),
                        Duration.ofSeconds(1));
                String sku = RedisSale.newSku("quota", 80, OptionalInt.empty());
                for (int region = 0; region < 2; region++) {
                    assertThat(regions.get(region).purchase(PurchaseRequest.of(sku, "before-" + region, 1)))
                            .isInstanceOf(Purchased.class);
                }

                proxies.forEach(DelayingProxy::partition);
                int[] sold = new int[2];
                List<PurchaseResult> dry = new ArrayList<>();
                for (int region = 0; region < 2; region++) {
                    PurchaseResult result;
                    int buyer = 0;
                    while ((result = regions.get(region)
                                    .purchase(PurchaseRequest.of(sku, "cut-" + region + "-" + buyer++, 1)))
                            instanceof Purchased) {
                        sold[region]++;
                    }
                    dry.add(result);
                }
                proxies.forEach(DelayingProxy::heal);
                PurchaseResult afterHeal = regions.get(0).purchase(PurchaseRequest.of(sku, "after-heal", 1));

                assertThat(sold).as("units sold in each region while cut off").containsExactly(39, 39);
                assertThat(dry)
                        .as("a dry region's buyer while the other is unreachable")
                        .allSatisfy(result -> assertThat(result).isInstanceOf(PurchaseResult.Busy.class));
                assertThat(afterHeal).isInstanceOf(SoldOut.class);
                SaleAudit audit = RedisSale.SKUS.audit(sku).orElseThrow();
                assertThat(audit.violations()).isEmpty();
                assertThat(audit.unitsInOrders()).isEqualTo(80);
                assertThat(audit.stock()).isZero();
            } finally {
                clients.forEach(RedisClusterClient::shutdown);
                proxies.forEach(DelayingProxy::close);
            }
        }
    }

    /**
     * An instance serving region 1 of 8 buckets over 2 regions sells 40 buyers, half of whose ids hash into region 0's
     * buckets, from region 1's buckets alone; an instance serving no region sells them where their ids hash (both
     * regions). A keyed request and a buyer of a SKU with a per-buyer limit stay at the id's hash, in region 0.
     */
    @Test
    void aBuyerServedByARegionsInstanceTakesFromThatRegionsBucketsUnlessItsKeyOrLimitMustStayInOneBucket() {
        String prefix = "served-" + UUID.randomUUID() + ":";
        QuotaStock servingRegion1 = QuotaStock.of(
                TestRedisClusterCommands.of("redis"),
                prefix,
                new QuotaLayout(8, 2, OptionalInt.of(1)),
                RedisSale.copies(TestDatabase.dataSource()),
                Clock.systemUTC());
        QuotaStock servingNone = QuotaStock.of(
                TestRedisClusterCommands.of("redis"),
                prefix,
                LAYOUT,
                RedisSale.copies(TestDatabase.dataSource()),
                Clock.systemUTC());
        PurchaseStrategy region1 =
                new QuotaPurchase(servingRegion1, RedisSale.WRITES, QuotaPurchase.Steps.NONE, PurchaseListener.NONE);
        PurchaseStrategy anywhere =
                new QuotaPurchase(servingNone, RedisSale.WRITES, QuotaPurchase.Steps.NONE, PurchaseListener.NONE);
        String open = RedisSale.newSku("quota", 800, OptionalInt.empty());
        String limited = RedisSale.newSku("quota", 800, OptionalInt.of(5));
        List<String> buyers =
                IntStream.range(0, 40).mapToObj(i -> "served-buyer-" + i).toList();
        String atHomeInRegion0 = buyers.stream()
                .filter(buyer -> servingNone.keys().region(open, QuotaBuckets.home(buyer, 8)) == 0)
                .findFirst()
                .orElseThrow();

        buyers.forEach(buyer ->
                assertThat(region1.purchase(PurchaseRequest.of(open, buyer, 1))).isInstanceOf(Purchased.class));
        int[] servedTakes = takenPerRegion(servingRegion1, open);
        buyers.forEach(buyer -> assertThat(anywhere.purchase(PurchaseRequest.of(open, buyer, 1)))
                .isInstanceOf(Purchased.class));
        int[] allTakes = takenPerRegion(servingRegion1, open);
        assertThat(new IdempotentPurchases(region1, RedisSale.IDEMPOTENCY)
                        .purchase(new PurchaseRequest(open, atHomeInRegion0, 1, "key-" + UUID.randomUUID())))
                .isInstanceOf(Purchased.class);
        int[] afterKeyed = takenPerRegion(servingRegion1, open);
        assertThat(region1.purchase(PurchaseRequest.of(limited, atHomeInRegion0, 1)))
                .isInstanceOf(Purchased.class);

        assertThat(servedTakes)
                .as("units taken per region by buyers served in region 1")
                .containsExactly(0, 40);
        assertThat(allTakes[0])
                .as("units taken in region 0 by the same buyers served anywhere")
                .isPositive();
        assertThat(allTakes[0] + allTakes[1]).isEqualTo(80);
        assertThat(afterKeyed[0])
                .as("a keyed request of a buyer at home in region 0")
                .isEqualTo(allTakes[0] + 1);
        assertThat(takenPerRegion(servingRegion1, limited))
                .as("a limited SKU's buyer at home in region 0")
                .containsExactly(1, 0);
        assertThat(RedisSale.SKUS.audit(open).orElseThrow().unitsInOrders()).isEqualTo(81);
    }

    /**
     * An instance serving region 1 of 4 buckets over 2 regions (2 units each) sells all 8 units to 8 buyers: its own
     * region's 4 first, then shares moved from region 0, each counted as a move across regions.
     */
    @Test
    void sharesMovedFromAnotherRegionAreCountedAsTrafficBetweenRegions() {
        QuotaPurchase region1 = new QuotaPurchase(
                QuotaStock.of(
                        TestRedisClusterCommands.of("redis"),
                        "across-" + UUID.randomUUID() + ":",
                        new QuotaLayout(4, 2, OptionalInt.of(1)),
                        RedisSale.copies(TestDatabase.dataSource()),
                        Clock.systemUTC()),
                RedisSale.WRITES,
                QuotaPurchase.Steps.NONE,
                PurchaseListener.NONE);
        String sku = RedisSale.newSku("quota", 8, OptionalInt.empty());

        for (int buyer = 0; buyer < 8; buyer++) {
            assertThat(region1.purchase(PurchaseRequest.of(sku, "across-" + buyer, 1)))
                    .isInstanceOf(Purchased.class);
        }

        assertThat(region1.sharesMovedAcrossRegions())
                .as("shares moved from region 0")
                .isPositive();
        assertThat(region1.sharesMoved()).isGreaterThanOrEqualTo(region1.sharesMovedAcrossRegions());
        assertThat(RedisSale.SKUS.audit(sku).orElseThrow().unitsInOrders()).isEqualTo(8);
    }

    /** The units taken from each region's buckets of the SKU ({@code taken} of each bucket's meta). */
    private static int[] takenPerRegion(QuotaStock stock, String sku) {
        int[] taken = new int[LAYOUT.regions()];
        for (int bucket = 0; bucket < LAYOUT.buckets(); bucket++) {
            taken[stock.keys().region(sku, bucket)] +=
                    Integer.parseInt(stock.redis().hget(stock.keys().meta(sku, bucket), "taken"));
        }
        return taken;
    }

    /** Each node's region: the region of its master's first slot ({@link QuotaLayout}). */
    private static Map<HostAndPort, Integer> regionOfEachNode(LocalRedisCluster cluster) {
        Map<HostAndPort, Integer> regions = new HashMap<>();
        cluster.firstSlotOfMaster()
                .forEach((port, slot) -> regions.put(HostAndPort.of("127.0.0.1", port), LAYOUT.regionOf(slot)));
        return regions;
    }
}
