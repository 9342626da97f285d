package dev.stampede.bench.service;

import dev.stampede.bench.report.LeaseFigures;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lease meters of every instance from its Prometheus endpoint, summed, as the counters of
 * {@link LeaseFigures}. A run's figures are the difference of a reading after it and one before it.
 */
public final class LeaseMeters {

    private static final Pattern SAMPLE = Pattern.compile("^(stampede_lease_[a-z_]+)\\{([^}]*)}\\s+(\\S+)$");

    private final List<StampedeClient> instances;

    public LeaseMeters(List<URI> baseUris) {
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

    /** The lease counters of one Prometheus scrape. */
    static Map<String, Long> parse(String scrape) {
        Map<String, Long> totals = new HashMap<>();
        scrape.lines().forEach(line -> add(totals, line));
        return totals;
    }

    /** {@code after - before}, counter by counter. */
    public static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = CounterReadings.since(before, after);
        delta.putIfAbsent(LeaseFigures.ACQUIRED, 0L);
        return delta;
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
