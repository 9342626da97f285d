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
     * oversell), no Kafka broker (instances that share a database must share one Kafka cluster rather than each start
     * its own, docs/checkout.md: the {@code checkout} scenario names one), then {@code properties}; a property names a
     * setting at most once, so one of {@code properties} replaces the default of the same name.
     */
    static List<String> settings(String jdbcUrl, String user, String adminToken, List<String> properties) {
        List<String> settings = new ArrayList<>();
        for (String setting : List.of(
                "stampede.db.url=" + jdbcUrl,
                "stampede.db.user=" + user,
                "stampede.admin-token=" + adminToken,
                "stampede.allow-unsafe=true",
                "stampede.kafka.enabled=false")) {
            String name = setting.substring(0, setting.indexOf('=') + 1);
            if (properties.stream().noneMatch(property -> property.startsWith(name))) {
                settings.add(setting);
            }
        }
        settings.addAll(properties);
        return settings;
    }
}
