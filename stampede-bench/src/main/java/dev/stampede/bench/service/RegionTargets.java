package dev.stampede.bench.service;

import dev.stampede.devservers.DelayingProxy;
import dev.stampede.devservers.LocalRedisCluster;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * Regions simulated on one machine (issue 16 item 5): {@code regions} groups of {@code perRegion} local instances, a
 * local Redis Cluster of two masters (and their replicas) per region, and the network between the regions as a {@link
 * DelayingProxy} in front of every node (and, when the database sits in region 0 alone, in front of PostgreSQL): an
 * instance reaches its own region's nodes directly and every other node through its proxy
 * ({@code stampede.redis.cluster-address-map}), so each command to another region pays the round trip. This kernel has
 * no {@code sch_netem} ({@code tc qdisc … netem}: "Specified qdisc kind is unknown"), so the delay is the proxies'.
 *
 * <p>Region {@code r} holds the {@code r}-th of {@code regions} equal ranges of the hash slots (its masters are started
 * in that order: {@link LocalRedisCluster#start(int, int)}), as {@code stampede.redis.quota.regions} lays out a {@code
 * quota} SKU's buckets; each instance serves its region ({@code stampede.redis.quota.region}). Instance {@code i} is in
 * region {@code i mod regions}, so a load whose VU {@code v} drives instance {@code v mod instances} sends VU {@code v}
 * to region {@code v mod regions}. The delay may be changed between runs ({@link #setDelay}), so the same instances
 * and connections serve the no-latency case.
 */
public final class RegionTargets implements StampedeTargets {

    private final int regions;
    private final List<DelayingProxy> proxies = new ArrayList<>();
    private final LocalRedisCluster cluster;
    private final LocalTargets local;
    private final Database database;

    /** Where the durable record is: in region 0 only (the others reach it through a proxy), or near every region. */
    public enum Database {
        /** One PostgreSQL in region 0: the other regions' instances pay the round trip on each of its statements. */
        IN_REGION_0,
        /** Reached without added delay from every region, as if each region's orders were durable at home. */
        NEAR_EVERY_REGION
    }

    /**
     * Starts the cluster, the proxies and the instances.
     *
     * @param regions 2 to 5 (two masters each: a cluster has at most {@value LocalRedisCluster#MAX_MASTERS})
     * @param perRegion instances per region, at least 1
     * @param firstPort the cluster's first node port ({@code 2 × 2 × regions} nodes from it, their buses 10000 above),
     *     or 0 for free ones
     * @param delay added to each direction between two regions (0 allowed)
     * @param serviceProperties settings every instance gets ({@code name=value})
     * @throws IllegalArgumentException if {@code regions} or {@code perRegion} is out of range
     * @throws IllegalStateException if the cluster, a proxy or an instance cannot be started
     */
    public RegionTargets(
            int regions,
            int perRegion,
            int firstPort,
            Duration delay,
            Database database,
            List<String> serviceProperties) {
        if (regions < 2 || 2 * regions > LocalRedisCluster.MAX_MASTERS) {
            throw new IllegalArgumentException(
                    "--regions must be from 2 to " + LocalRedisCluster.MAX_MASTERS / 2 + ", was " + regions);
        }
        if (perRegion < 1) {
            throw new IllegalArgumentException("--instances-per-region must be at least 1, was " + perRegion);
        }
        this.regions = regions;
        this.database = database;
        this.cluster = LocalRedisCluster.start(firstPort, 2 * regions);
        try {
            Map<Integer, Integer> regionOfNode = regionOfEachNode();
            Map<Integer, DelayingProxy> proxyOfNode = new HashMap<>();
            regionOfNode.keySet().forEach(port -> {
                DelayingProxy proxy = DelayingProxy.start(new InetSocketAddress("127.0.0.1", port), delay);
                proxies.add(proxy);
                proxyOfNode.put(port, proxy);
            });
            List<DelayingProxy> databaseProxy = new ArrayList<>();
            List<String> properties = new ArrayList<>(serviceProperties);
            properties.add("stampede.redis.cluster=" + cluster.nodes());
            properties.add("stampede.redis.quota.regions=" + regions);
            this.local = new LocalTargets(
                    regions * perRegion,
                    false,
                    Balancer.NONE,
                    new LocalTargets.RedisCluster.None(),
                    properties,
                    (index, jdbcUrl) -> {
                        int region = index % regions;
                        List<String> own = new ArrayList<>();
                        own.add("stampede.redis.quota.region=" + region);
                        List<String> far = regionOfNode.entrySet().stream()
                                .filter(node -> node.getValue() != region)
                                .map(node -> "127.0.0.1:" + node.getKey() + "=127.0.0.1:"
                                        + proxyOfNode
                                                .get(node.getKey())
                                                .address()
                                                .getPort())
                                .sorted()
                                .toList();
                        own.add("stampede.redis.cluster-address-map=" + String.join(",", far));
                        if (region == 0 || database == Database.NEAR_EVERY_REGION) {
                            return new LocalTargets.Placement.Placed(jdbcUrl, own);
                        }
                        if (databaseProxy.isEmpty()) {
                            URI server = URI.create(jdbcUrl.substring("jdbc:".length()));
                            DelayingProxy proxy = DelayingProxy.start(
                                    new InetSocketAddress(server.getHost(), server.getPort()), delay);
                            proxies.add(proxy);
                            databaseProxy.add(proxy);
                        }
                        return new LocalTargets.Placement.Placed(
                                jdbcUrl.replaceFirst(
                                        "//[^/]+/",
                                        "//127.0.0.1:"
                                                + databaseProxy
                                                        .getFirst()
                                                        .address()
                                                        .getPort() + "/"),
                                own);
                    });
        } catch (RuntimeException e) {
            proxies.forEach(DelayingProxy::close);
            cluster.close();
            throw e;
        }
    }

    /** Regions, 2 or more. */
    public int regions() {
        return regions;
    }

    /** The region of instance {@code index} (of {@link #instanceUris()}). */
    public int regionOf(int index) {
        return index % regions;
    }

    /** The instances of region {@code region}, in order. */
    public List<URI> instancesOf(int region) {
        List<URI> all = instanceUris();
        return IntStream.range(0, all.size())
                .filter(index -> regionOf(index) == region)
                .mapToObj(all::get)
                .toList();
    }

    /** Sets the delay between the regions, each way, from now on (between runs: no request in flight). */
    public void setDelay(Duration delay) {
        proxies.forEach(proxy -> proxy.setDelay(delay));
    }

    /**
     * A new id starting with {@code prefix} whose hash slot ({@code CLUSTER KEYSLOT}, the cluster's own CRC16) falls in
     * region {@code region}'s range: a {@code redis} SKU of that id keeps its one counter ({@code stock:{id}:…}) on that
     * region's masters.
     */
    public String idInRegion(String prefix, int region) {
        while (true) {
            String id = prefix + UUID.randomUUID();
            int slot = Integer.parseInt(cluster.cli(cluster.ports().getFirst(), "CLUSTER", "KEYSLOT", id)
                    .strip());
            if (regionOfSlot(slot) == region) {
                return id;
            }
        }
    }

    @Override
    public List<URI> baseUris() {
        return local.baseUris();
    }

    @Override
    public String adminToken() {
        return local.adminToken();
    }

    @Override
    public Optional<DataSource> database() {
        return local.database();
    }

    @Override
    public String describe() {
        return "%d regions of %d local instance%s each, a local Redis Cluster of %d masters and %d replicas (two masters"
                        .formatted(
                                regions,
                                local.instanceUris().size() / regions,
                                local.instanceUris().size() == regions ? "" : "s",
                                2 * regions,
                                2 * regions)
                + " per region), a delaying proxy in front of each node for the other regions, and a fresh embedded"
                + (database == Database.IN_REGION_0
                        ? " PostgreSQL in region 0 (the other regions through a delaying proxy)"
                        : " PostgreSQL reached without delay from every region");
    }

    @Override
    public void close() {
        try {
            local.close();
        } finally {
            proxies.forEach(DelayingProxy::close);
            cluster.close();
        }
    }

    /** Each node's region, by port: the region of its master's first slot. */
    private Map<Integer, Integer> regionOfEachNode() {
        Map<Integer, Integer> regionOf = new HashMap<>();
        cluster.firstSlotOfMaster().forEach((port, slot) -> regionOf.put(port, regionOfSlot(slot)));
        return regionOf;
    }

    /** The region whose range of slots holds {@code slot}, as {@code stampede.redis.quota.regions} divides them. */
    private int regionOfSlot(int slot) {
        return (int) ((long) slot * regions / 16_384);
    }
}
