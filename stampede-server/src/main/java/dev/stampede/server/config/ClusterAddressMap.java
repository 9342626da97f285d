package dev.stampede.server.config;

import io.lettuce.core.internal.HostAndPort;
import io.lettuce.core.resource.MappingSocketAddressResolver;
import io.lettuce.core.resource.SocketAddressResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the client connects instead of a Redis Cluster node's own address ({@code stampede.redis.cluster-address-map}):
 * entries {@code host:port=host:port}, the node's address as the cluster announces it (in {@code CLUSTER NODES} and
 * {@code MOVED} answers) on the left, the address to connect to on the right; nodes not listed are reached at their own
 * address. For a node behind a proxy or a NAT: a region's instances reach another region's nodes through a proxy that
 * adds the network's delay (issue 16 item 5, {@code dev.stampede.devservers.DelayingProxy}). Applied by Lettuce's own
 * {@link MappingSocketAddressResolver} to every connection the client opens, topology refreshes and failovers
 * included.
 */
final class ClusterAddressMap {

    private static final String NODE = "[^:/=\\s]+:\\d{1,5}";

    private final Map<HostAndPort, HostAndPort> routes;

    private ClusterAddressMap(Map<HostAndPort, HostAndPort> routes) {
        this.routes = Map.copyOf(routes);
    }

    /**
     * @param entries {@code host:port=host:port}, each node at most once
     * @throws IllegalArgumentException naming the setting if an entry is not of that form or a node is listed twice
     */
    static ClusterAddressMap parse(List<String> entries) {
        Map<HostAndPort, HostAndPort> routes = new LinkedHashMap<>();
        for (String entry : entries) {
            if (!entry.matches(NODE + "=" + NODE)) {
                throw new IllegalArgumentException(
                        "stampede.redis.cluster-address-map must list host:port=host:port entries, was " + entry);
            }
            String[] sides = entry.split("=");
            if (routes.put(HostAndPort.parse(sides[0]), HostAndPort.parse(sides[1])) != null) {
                throw new IllegalArgumentException("stampede.redis.cluster-address-map lists " + sides[0] + " twice");
            }
        }
        return new ClusterAddressMap(routes);
    }

    boolean isEmpty() {
        return routes.isEmpty();
    }

    /** The address to connect to for a node announced at {@code node}: its route, or itself. */
    HostAndPort route(HostAndPort node) {
        return routes.getOrDefault(node, node);
    }

    /** Resolves every address the client connects to through {@link #route}, then the default name lookup. */
    SocketAddressResolver resolver() {
        return MappingSocketAddressResolver.create(this::route);
    }
}
