package dev.stampede.bench.service;

import dev.stampede.bench.report.QuotaFigures;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code quota} strategy's meters of a Prometheus scrape as the counters of {@link QuotaFigures} (read by {@link ServiceScrapes}). */
public final class QuotaMeters {

    private static final Pattern SAMPLE = Pattern.compile(
            "^stampede_quota_(false_sold_outs|shares_moved|shares_moved_across_regions)_total(\\{[^}]*})?\\s+(\\S+)$");

    /** The counter of shares moved from a bucket of another region. */
    public static final String SHARES_MOVED_ACROSS_REGIONS = "quota_shares_moved_across_regions";

    private QuotaMeters() {}

    /**
     * The quota counters of one Prometheus scrape (all present, 0 when the scrape has none): false sold-outs, shares
     * moved, and of them across regions ({@code quota_shares_moved_across_regions}).
     */
    public static Map<String, Long> parse(String scrape) {
        Map<String, Long> totals = new HashMap<>(Map.of(
                QuotaFigures.FALSE_SOLD_OUTS, 0L, QuotaFigures.SHARES_MOVED, 0L, SHARES_MOVED_ACROSS_REGIONS, 0L));
        scrape.lines()
                .map(SAMPLE::matcher)
                .filter(Matcher::matches)
                .forEach(sample -> totals.merge(
                        "quota_" + sample.group(1), Math.round(Double.parseDouble(sample.group(3))), Long::sum));
        return totals;
    }
}
