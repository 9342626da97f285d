package dev.stampede.bench.service;

import dev.stampede.bench.report.InstanceShares;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the purchases each instance has answered ({@code stampede_purchases_total}, all strategies and outcomes) from
 * its Prometheus endpoint, as the counters of {@link InstanceShares}, one per instance (read by {@link ServiceScrapes}).
 */
public final class InstancePurchases {

    private static final String SERIES = "stampede_purchases_total{";

    private InstancePurchases() {}

    /** The counters now: {@link InstanceShares#counter(int)} of each instance, in order. */
    public static Map<String, Long> read(ServiceScrapes scrapes) {
        List<String> each = scrapes.each();
        Map<String, Long> counters = new HashMap<>();
        for (int i = 0; i < each.size(); i++) {
            counters.put(InstanceShares.counter(i + 1), parse(each.get(i)));
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
