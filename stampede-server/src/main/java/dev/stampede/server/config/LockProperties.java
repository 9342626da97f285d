package dev.stampede.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.lock.*}: the lease lock of the {@code lease} purchase strategy.
 *
 * @param backend where leases live: {@code jdbc} (the service's database), {@code redis} (the service's Redis) or
 *     {@code etcd} (the cluster at {@code etcdEndpoints})
 * @param ttl how long a lease lasts unless renewed
 * @param maxWait how long a buyer waits for a SKU's lease before being answered busy
 * @param etcdEndpoints the etcd cluster's client URLs ({@code http://host:port}), required for {@code etcd}
 */
@ConfigurationProperties("stampede.lock")
public record LockProperties(
        @DefaultValue("jdbc") String backend,
        @DefaultValue("5s") Duration ttl,
        @DefaultValue("5s") Duration maxWait,
        @DefaultValue List<String> etcdEndpoints) {

    static final Set<String> BACKENDS = Set.of("jdbc", "redis", "etcd");

    public LockProperties {
        if (!BACKENDS.contains(backend)) {
            throw new IllegalArgumentException(
                    "stampede.lock.backend must be one of jdbc, redis, etcd, was " + backend);
        }
        if (ttl.toMillis() < 100) {
            throw new IllegalArgumentException("stampede.lock.ttl must be at least 100ms, was " + ttl);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("stampede.lock.max-wait must be zero or more, was " + maxWait);
        }
        etcdEndpoints = List.copyOf(etcdEndpoints);
        etcdEndpoints.forEach(LockProperties::checkEndpoint);
        if (backend.equals("etcd") && etcdEndpoints.isEmpty()) {
            throw new IllegalArgumentException(
                    "stampede.lock.backend=etcd needs stampede.lock.etcd-endpoints (serve --etcd http://...,http://...)");
        }
    }

    private static void checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getPort() < 0) {
            throw new IllegalArgumentException(
                    "stampede.lock.etcd-endpoints must be URLs like http://127.0.0.1:2379, was " + endpoint);
        }
    }
}
