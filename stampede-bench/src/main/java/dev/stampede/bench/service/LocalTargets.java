package dev.stampede.bench.service;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.devservers.EmbeddedPostgresServer;
import dev.stampede.devservers.EmbeddedRedisServer;
import dev.stampede.devservers.LocalEtcdCluster;
import dev.stampede.devservers.LocalHaproxy;
import dev.stampede.devservers.LocalRedisCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Zero set-up: a fresh embedded PostgreSQL (durable commits, deleted afterwards) and {@code instances} Stampede
 * services on it, run in this JVM or as child processes. Several instances share one embedded Redis as well (unless
 * the properties name a Redis or a Redis Cluster), so that Redis seat holds and Redis leases are shared as they would be in production.
 * With {@code stampede.lock.backend=etcd} and no endpoints, a local three-member etcd cluster is started for them (the
 * {@code etcd} binary on the {@code PATH}: Debian's {@code etcd-server}). All the VUs connect from one address, so the
 * services do not cap the connections per client address (unless the properties do). With {@link Balancer#HAPROXY}
 * the instances stand behind a local HAProxy ({@link LocalHaproxy}) and {@link #baseUris()} is the balancer alone.
 * With a {@link RedisCluster.Local} the instances share a local six-node Redis Cluster ({@link LocalRedisCluster})
 * instead of one Redis, as a sharded deployment would (issue 16).
 */
public final class LocalTargets implements StampedeTargets {

    private static final String PER_ADDRESS_CAP = "stampede.http.max-connections-per-address";
    private static final int NO_CAP = 1_000_000;
    /** Longer than any answer a patient instance gives ({@link ServiceProfile#PATIENT}: up to 280 s of retries). */
    private static final Duration BALANCER_TIMEOUT = Duration.ofMinutes(6);

    private final Path dataDirectory;
    private final EmbeddedPostgresServer postgres;
    private final HikariDataSource auditPool;
    private final String adminToken;
    private final List<ServiceInstance> instances = new ArrayList<>();
    private final boolean inProcess;
    private EmbeddedRedisServer sharedRedis;
    private LocalEtcdCluster etcd;
    private LocalHaproxy balancer;
    private LocalRedisCluster redisCluster;

    /** Whether the local instances get a local Redis Cluster of their own, and on which ports. */
    public sealed interface RedisCluster {

        /** No cluster: one Redis (an embedded one shared by several instances), unless the properties name one. */
        record None() implements RedisCluster {}

        /**
         * A local six-node cluster (three masters, three replicas) started for the instances and stopped with them.
         *
         * @param firstPort the first node's port (the six nodes take it and the next five, their buses 10000 above),
         *     or 0 for free ones
         */
        record Local(int firstPort) implements RedisCluster {}
    }

    /**
     * What one instance gets of its own beside the settings every instance gets: the database URL it connects to (the
     * shared database's, or a proxy's in front of it) and settings of its own (e.g. its region).
     */
    @FunctionalInterface
    public interface Placement {

        /** Every instance alike: the shared database, no settings of its own. */
        Placement SHARED = (index, jdbcUrl) -> new Placed(jdbcUrl, List.of());

        /**
         * @param index the instance's number, 0 to {@code instances - 1}, in the order of {@link #instanceUris()}
         * @param jdbcUrl the shared database's URL
         */
        Placed place(int index, String jdbcUrl);

        /** The database URL and the settings ({@code name=value}) of one instance. */
        record Placed(String jdbcUrl, List<String> properties) {

            public Placed {
                properties = List.copyOf(properties);
            }
        }
    }

    /** {@code serviceProperties}: {@code name=value} settings given to every instance; no balancer. */
    public LocalTargets(int instances, boolean inProcess, List<String> serviceProperties) {
        this(instances, inProcess, Balancer.NONE, serviceProperties);
    }

    /** {@code instances} services behind {@code balancer}, on one Redis: see the next constructor. */
    public LocalTargets(int instances, boolean inProcess, Balancer balancer, List<String> serviceProperties) {
        this(instances, inProcess, balancer, new RedisCluster.None(), serviceProperties);
    }

    /**
     * {@code instances} services with {@code serviceProperties} ({@code name=value} settings), behind {@code
     * balancer}, on {@code redisCluster}.
     *
     * @throws IllegalStateException if the balancer cannot be started (no haproxy binary, or an instance not found
     *     healthy), or the Redis Cluster cannot (no redis-server or redis-cli, or not formed within 60 s)
     */
    public LocalTargets(
            int instances,
            boolean inProcess,
            Balancer balancer,
            RedisCluster redisCluster,
            List<String> serviceProperties) {
        this(instances, inProcess, balancer, redisCluster, serviceProperties, Placement.SHARED);
    }

    /**
     * As above, each instance {@code placement}'s own database URL and settings added to {@code serviceProperties}.
     *
     * @throws IllegalStateException as above
     */
    public LocalTargets(
            int instances,
            boolean inProcess,
            Balancer balancer,
            RedisCluster redisCluster,
            List<String> serviceProperties,
            Placement placement) {
        this.inProcess = inProcess;
        try {
            this.dataDirectory = Files.createTempDirectory("stampede-bench-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.postgres = EmbeddedPostgresServer.start(dataDirectory, 0);
        this.auditPool =
                BenchDatabase.connect(postgres.jdbcUrl(), postgres.user(), "").orElseThrow();
        this.adminToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try {
            List<String> properties = new ArrayList<>(serviceProperties);
            if (properties.stream().noneMatch(p -> p.startsWith(PER_ADDRESS_CAP + "="))) {
                // every VU connects from this machine's one loopback address
                properties.add(PER_ADDRESS_CAP + "=" + NO_CAP);
            }
            if (redisCluster instanceof RedisCluster.Local(int firstPort)) {
                this.redisCluster = LocalRedisCluster.start(firstPort);
                properties.add("stampede.redis.cluster=" + this.redisCluster.nodes());
            }
            if (instances > 1
                    && properties.stream()
                            .noneMatch(p ->
                                    p.startsWith("stampede.redis.url=") || p.startsWith("stampede.redis.cluster="))) {
                sharedRedis = EmbeddedRedisServer.start(0);
                properties.add("stampede.redis.url=" + sharedRedis.url());
            }
            if (properties.contains("stampede.lock.backend=etcd")
                    && properties.stream().noneMatch(p -> p.startsWith("stampede.lock.etcd-endpoints="))) {
                etcd = LocalEtcdCluster.start(null, null);
                properties.add("stampede.lock.etcd-endpoints=" + String.join(",", etcd.endpoints()));
            }
            for (int i = 0; i < instances; i++) {
                Placement.Placed placed = placement.place(i, postgres.jdbcUrl());
                List<String> own = new ArrayList<>(properties);
                own.addAll(placed.properties());
                this.instances.add(
                        inProcess
                                ? InProcessInstance.start(placed.jdbcUrl(), postgres.user(), adminToken, own)
                                : ChildProcessInstance.start(placed.jdbcUrl(), postgres.user(), adminToken, own));
            }
            if (balancer == Balancer.HAPROXY) {
                this.balancer = LocalHaproxy.start(instanceUris(), "/actuator/health/readiness", BALANCER_TIMEOUT);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public List<URI> baseUris() {
        return balancer == null ? instanceUris() : List.of(balancer.uri());
    }

    @Override
    public List<URI> instanceUris() {
        return instances.stream().map(ServiceInstance::baseUri).toList();
    }

    @Override
    public Optional<LocalHaproxy.BalancerCounters> balancerCounters() {
        return Optional.ofNullable(balancer).map(LocalHaproxy::counters);
    }

    @Override
    public String adminToken() {
        return adminToken;
    }

    @Override
    public Optional<DataSource> database() {
        return Optional.of(auditPool);
    }

    @Override
    public synchronized void killAndRestart(int index) {
        if (!(instances.get(index) instanceof ChildProcessInstance child)) {
            throw new UnsupportedOperationException("the instances run in this JVM (--in-process): none can be killed");
        }
        instances.set(index, child.killAndRestart());
    }

    @Override
    public String describe() {
        return "%d local instance%s (%s)%s on a fresh embedded PostgreSQL with durable commits%s"
                .formatted(
                        instances.size(),
                        instances.size() == 1 ? "" : "s",
                        inProcess ? "in this JVM" : "child JVM process" + (instances.size() == 1 ? "" : "es"),
                        balancer == null ? "" : " behind HAProxy at " + balancer.uri() + " (least connections)",
                        redisCluster == null ? "" : " and a local Redis Cluster of three masters and three replicas");
    }

    @Override
    public void close() {
        if (balancer != null) {
            balancer.close();
        }
        instances.forEach(ServiceInstance::close);
        if (sharedRedis != null) {
            sharedRedis.close();
        }
        if (redisCluster != null) {
            redisCluster.close();
        }
        if (etcd != null) {
            etcd.close();
        }
        auditPool.close();
        postgres.close();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
