package dev.stampede.bench.service;

import dev.stampede.bench.report.InstanceShares;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the purchases each instance has answered ({@code stampede_purchases_total}, all strategies and outcomes) from
 * its Prometheus endpoint, as the counters of {@link InstanceShares}. A run's figures are the difference of a reading
 * after it and one before it. The instances are read directly, never through a balancer.
 */
public final class InstancePurchases {

    private static final String SERIES = "stampede_purchases_total{";

    private final List<StampedeClient> instances;

    public InstancePurchases(List<URI> instanceUris) {
        this.instances =
                instanceUris.stream().map(uri -> new StampedeClient(uri, "")).toList();
    }

    /** The counters now: {@link InstanceShares#counter(int)} of each instance, in order. */
    public Map<String, Long> read() {
        Map<String, Long> counters = new HashMap<>();
        for (int i = 0; i < instances.size(); i++) {
            counters.put(InstanceShares.counter(i + 1), parse(instances.get(i).prometheus()));
        }
        return counters;
    }

    /** The purchases one Prometheus scrape counts, summed over its series. */
    static long parse(String scrape) {
        return Math.round(scrape.lines()
                .filter(line -> line.startsWith(SERIES))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum());
    }
}
