package dev.stampede.bench.service;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** One running Stampede service. */
interface ServiceInstance extends AutoCloseable {

    URI baseUri();

    @Override
    void close();

    /**
     * The {@code name=value} settings of a service the bench starts: the database {@code jdbcUrl} (no password),
     * {@code adminToken} for the admin endpoints, the {@code unsafe} strategy allowed (the lab runs it to show the
     * oversell), no Kafka broker (no scenario checks out yet, and instances that share a database must share one Kafka
     * cluster rather than each start its own: docs/checkout.md), then {@code properties}, which may override any of
     * them.
     */
    static List<String> settings(String jdbcUrl, String user, String adminToken, List<String> properties) {
        List<String> settings = new ArrayList<>(List.of(
                "stampede.db.url=" + jdbcUrl,
                "stampede.db.user=" + user,
                "stampede.admin-token=" + adminToken,
                "stampede.allow-unsafe=true",
                "stampede.kafka.enabled=false"));
        settings.addAll(properties);
        return settings;
    }
}
