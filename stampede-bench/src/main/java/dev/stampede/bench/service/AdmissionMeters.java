package dev.stampede.bench.service;

import dev.stampede.bench.report.AdmissionFigures;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's admission-control meters of one Prometheus scrape ({@code stampede_admission_sheds_total} and the
 * buckets of {@code stampede_admission_wait_seconds}, every partition and outcome summed) as the counters of {@link
 * AdmissionFigures} (read by {@link ServiceScrapes}); none when the scrape has no admission series (it is off).
 */
public final class AdmissionMeters {

    private static final Pattern SHEDS = Pattern.compile("^stampede_admission_sheds_total\\{[^}]*}\\s+(\\S+)$");
    private static final Pattern WAITS = Pattern.compile("^stampede_admission_wait_seconds_count\\{[^}]*}\\s+(\\S+)$");
    private static final Pattern BUCKET =
            Pattern.compile("^stampede_admission_wait_seconds_bucket\\{[^}]*le=\"([0-9.eE+-]+)\"[^}]*}\\s+(\\S+)$");

    private AdmissionMeters() {}

    /** The counters of one scrape: {@link AdmissionFigures#SHED}, {@link AdmissionFigures#WAITS}, one per bucket. */
    public static Map<String, Long> parse(String scrape) {
        Map<String, Long> totals = new HashMap<>();
        scrape.lines().forEach(line -> {
            Matcher shed = SHEDS.matcher(line);
            if (shed.matches()) {
                totals.merge(AdmissionFigures.SHED, count(shed.group(1)), Long::sum);
                return;
            }
            Matcher waits = WAITS.matcher(line);
            if (waits.matches()) {
                totals.merge(AdmissionFigures.WAITS, count(waits.group(1)), Long::sum);
                return;
            }
            Matcher bucket = BUCKET.matcher(line);
            if (bucket.matches()) {
                long micros = Math.round(Double.parseDouble(bucket.group(1)) * 1_000_000);
                totals.merge(AdmissionFigures.within(micros), count(bucket.group(2)), Long::sum);
            }
        });
        return totals;
    }

    private static long count(String value) {
        return Math.round(Double.parseDouble(value));
    }
}
