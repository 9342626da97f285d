package dev.stampede.bench.service;

import dev.stampede.bench.report.GcPauseFigures;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's stop-the-world collector pauses, from one Prometheus scrape (read by {@link ServiceScrapes}):
 * Micrometer's {@code jvm.gc.pause} timer ({@code jvm_gc_pause_seconds_count} and {@code _sum}, every collector, action
 * and cause summed), as the counters {@link GcPauseFigures#PAUSES} and {@link GcPauseFigures#PAUSED} (microseconds).
 * Concurrent phases ({@code jvm.gc.concurrent.phase.time}) stop no request thread and are not counted.
 */
public final class ServiceGcMeters {

    private static final Pattern COUNT = Pattern.compile("^jvm_gc_pause_seconds_count(\\{[^}]*})?\\s+(\\S+)$");
    private static final Pattern SUM = Pattern.compile("^jvm_gc_pause_seconds_sum(\\{[^}]*})?\\s+(\\S+)$");

    private ServiceGcMeters() {}

    /** The pauses of one scrape; nothing when it has no pause timer. */
    public static Map<String, Long> parse(String scrape) {
        Map<String, Long> totals = new HashMap<>();
        scrape.lines().forEach(line -> {
            Matcher count = COUNT.matcher(line);
            if (count.matches()) {
                totals.merge(GcPauseFigures.PAUSES, Math.round(Double.parseDouble(count.group(2))), Long::sum);
                return;
            }
            Matcher sum = SUM.matcher(line);
            if (sum.matches()) {
                totals.merge(
                        GcPauseFigures.PAUSED, Math.round(Double.parseDouble(sum.group(2)) * 1_000_000), Long::sum);
            }
        });
        return totals;
    }
}
