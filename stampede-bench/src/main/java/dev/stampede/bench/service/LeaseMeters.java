package dev.stampede.bench.service;

import dev.stampede.bench.report.LeaseFigures;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lease meters of a Prometheus scrape as the counters of {@link LeaseFigures} (read by {@link ServiceScrapes}). */
public final class LeaseMeters {

    private static final Pattern SAMPLE = Pattern.compile("^(stampede_lease_[a-z_]+)\\{([^}]*)}\\s+(\\S+)$");

    private LeaseMeters() {}

    /**
     * The lease counters of one Prometheus scrape; {@link LeaseFigures#ACQUIRED} is always there (0 without a lease
     * series), so a lease run shows its figures even when nothing was acquired.
     */
    public static Map<String, Long> parse(String scrape) {
        Map<String, Long> totals = new HashMap<>(Map.of(LeaseFigures.ACQUIRED, 0L));
        scrape.lines().forEach(line -> add(totals, line));
        return totals;
    }

    private static void add(Map<String, Long> totals, String line) {
        Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches()) {
            return;
        }
        String metric = sample.group(1);
        String labels = sample.group(2);
        double value = Double.parseDouble(sample.group(3));
        String counter = switch (metric) {
            case "stampede_lease_acquire_wait_seconds_count" ->
                labels.contains("outcome=\"acquired\"")
                        ? LeaseFigures.ACQUIRED
                        : labels.contains("outcome=\"timed_out\"") ? LeaseFigures.TIMED_OUT : LeaseFigures.UNAVAILABLE;
            case "stampede_lease_acquire_wait_seconds_sum" ->
                labels.contains("outcome=\"acquired\"") ? LeaseFigures.WAIT_MICROS : null;
            case "stampede_lease_turn_timeouts_total" -> LeaseFigures.TURN_TIMED_OUT;
            case "stampede_lease_lost_total" -> LeaseFigures.LOST;
            case "stampede_lease_fenced_refused_total" -> LeaseFigures.FENCED_REFUSED;
            default -> null;
        };
        if (counter != null) {
            long amount = counter.equals(LeaseFigures.WAIT_MICROS) ? Math.round(value * 1_000_000) : Math.round(value);
            totals.merge(counter, amount, Long::sum);
        }
    }
}
