package dev.stampede.bench.service;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Prometheus scrape ({@code /actuator/prometheus}) of every instance, read directly, never through a balancer, and
 * turned into named counters by a parser of one meter family ({@link LeaseMeters#parse}, {@link QuotaMeters#parse},
 * {@link AdaptiveSwitchMeters#parse}; or per instance, {@link InstancePurchases#read}). A run's figures are the difference
 * ({@link CounterReadings#since}) of a reading after it and one before it.
 */
public final class ServiceScrapes {

    private final List<StampedeClient> instances;

    public ServiceScrapes(List<URI> instanceUris) {
        this.instances =
                instanceUris.stream().map(uri -> new StampedeClient(uri, "")).toList();
    }

    /** One scrape per instance, in the instances' order. */
    public List<String> each() {
        return instances.stream().map(StampedeClient::prometheus).toList();
    }

    /** Every parser's counters of every instance's scrape (one scrape each), summed by name over the instances. */
    public Map<String, Long> summed(List<Function<String, Map<String, Long>>> parsers) {
        Map<String, Long> totals = new HashMap<>();
        for (String scrape : each()) {
            parsers.forEach(
                    parser -> parser.apply(scrape).forEach((name, value) -> totals.merge(name, value, Long::sum)));
        }
        return totals;
    }
}
