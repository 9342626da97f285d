package dev.stampede.bench.service;

import dev.stampede.bench.report.QuotaFigures;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code quota} strategy's meters of every instance from its Prometheus endpoint, summed, as the counters of
 * {@link QuotaFigures}. A run's figures are the difference of a reading after it and one before it.
 */
public final class QuotaMeters {

    private static final Pattern SAMPLE =
            Pattern.compile("^stampede_quota_(false_sold_outs|shares_moved)_total(\\{[^}]*})?\\s+(\\S+)$");

    private final List<StampedeClient> instances;

    public QuotaMeters(List<URI> baseUris) {
        this.instances =
                baseUris.stream().map(uri -> new StampedeClient(uri, "")).toList();
    }

    public Map<String, Long> read() {
        Map<String, Long> totals = new HashMap<>();
        for (StampedeClient instance : instances) {
            parse(instance.prometheus()).forEach((name, value) -> totals.merge(name, value, Long::sum));
        }
        return totals;
    }

    /** The quota counters of one Prometheus scrape (both present, 0 when the scrape has none). */
    static Map<String, Long> parse(String scrape) {
        Map<String, Long> totals =
                new HashMap<>(Map.of(QuotaFigures.FALSE_SOLD_OUTS, 0L, QuotaFigures.SHARES_MOVED, 0L));
        scrape.lines()
                .map(SAMPLE::matcher)
                .filter(Matcher::matches)
                .forEach(sample -> totals.merge(
                        "quota_" + sample.group(1), Math.round(Double.parseDouble(sample.group(3))), Long::sum));
        return totals;
    }
}
