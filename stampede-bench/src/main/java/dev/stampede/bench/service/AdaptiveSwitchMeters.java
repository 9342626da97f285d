package dev.stampede.bench.service;

import dev.stampede.bench.report.AdaptiveSwitchFigures;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code stampede_adaptive_switches_total{direction}} of every instance from its Prometheus endpoint, summed, as
 * the counters of {@link AdaptiveSwitchFigures}. A run's figures are the difference of a reading after it and one
 * before it.
 */
public final class AdaptiveSwitchMeters {

    private static final Pattern SAMPLE =
            Pattern.compile("^stampede_adaptive_switches_total\\{[^}]*direction=\"([a-z_]+)\"[^}]*}\\s+(\\S+)$");

    private final List<StampedeClient> instances;

    public AdaptiveSwitchMeters(List<URI> instanceUris) {
        this.instances =
                instanceUris.stream().map(uri -> new StampedeClient(uri, "")).toList();
    }

    /** Both counters now, summed over the instances; 0 for a direction no instance has a series for. */
    public Map<String, Long> read() {
        Map<String, Long> totals =
                new HashMap<>(Map.of(AdaptiveSwitchFigures.ESCALATED, 0L, AdaptiveSwitchFigures.STEPPED_DOWN, 0L));
        for (StampedeClient instance : instances) {
            parse(instance.prometheus()).forEach((name, value) -> totals.merge(name, value, Long::sum));
        }
        return totals;
    }

    /** The switch counters of one Prometheus scrape, by {@link AdaptiveSwitchFigures}' counter names. */
    static Map<String, Long> parse(String scrape) {
        Map<String, Long> totals = new HashMap<>();
        scrape.lines().map(SAMPLE::matcher).filter(Matcher::matches).forEach(sample -> {
            String counter = switch (sample.group(1)) {
                case "escalate" -> AdaptiveSwitchFigures.ESCALATED;
                case "step_down" -> AdaptiveSwitchFigures.STEPPED_DOWN;
                default -> throw new IllegalStateException("unknown switch direction " + sample.group(1));
            };
            totals.merge(counter, Math.round(Double.parseDouble(sample.group(2))), Long::sum);
        });
        return totals;
    }
}
