package dev.stampede.bench.service;

import dev.stampede.bench.report.AdaptiveSwitchFigures;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stampede_adaptive_switches_total{direction}} of a Prometheus scrape as the counters of
 * {@link AdaptiveSwitchFigures} (read by {@link ServiceScrapes}).
 */
public final class AdaptiveSwitchMeters {

    private static final Pattern SAMPLE =
            Pattern.compile("^stampede_adaptive_switches_total\\{[^}]*direction=\"([a-z_]+)\"[^}]*}\\s+(\\S+)$");

    private AdaptiveSwitchMeters() {}

    /**
     * The switch counters of one Prometheus scrape, by {@link AdaptiveSwitchFigures}' counter names; 0 for a direction
     * the scrape has no series for.
     */
    public static Map<String, Long> parse(String scrape) {
        Map<String, Long> totals =
                new HashMap<>(Map.of(AdaptiveSwitchFigures.ESCALATED, 0L, AdaptiveSwitchFigures.STEPPED_DOWN, 0L));
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
