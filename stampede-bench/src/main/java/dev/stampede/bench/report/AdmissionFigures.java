package dev.stampede.bench.report;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What the service's admission control did during a run (issue 15 item 2), from its meters {@code
 * stampede_admission_sheds_total} and {@code stampede_admission_wait_seconds} (summed over endpoint partitions and
 * instances, before subtracted from after); present only when admission control was on.
 *
 * @param shed write requests answered 503 {@code busy} for want of a permit
 * @param waits write requests that asked for a permit (admitted or shed)
 * @param withinMs per bucket bound of the wait meter, in milliseconds: how many of {@code waits} got their answer from
 *     the limiter (a permit, or none) within it
 */
public record AdmissionFigures(long shed, long waits, NavigableMap<Double, Long> withinMs) {

    public static final String SHED = "admission_shed";
    public static final String WAITS = "admission_waits";
    private static final String WITHIN = "admission_waits_within_us_";

    public AdmissionFigures {
        withinMs = new TreeMap<>(withinMs);
    }

    /** The counter that keeps how many waits ended within {@code micros} microseconds. */
    public static String within(long micros) {
        return WITHIN + micros;
    }

    /** The figures of a run with admission control on; empty for the other runs. */
    public static Optional<AdmissionFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(SHED)) {
            return Optional.empty();
        }
        NavigableMap<Double, Long> within = new TreeMap<>();
        counters.forEach((name, count) -> {
            if (name.startsWith(WITHIN)) {
                within.put(Long.parseLong(name.substring(WITHIN.length())) / 1000.0, count);
            }
        });
        return Optional.of(new AdmissionFigures(counters.get(SHED), counters.getOrDefault(WAITS, 0L), within));
    }

    /**
     * The smallest bucket bound, in milliseconds, within which every write got its answer from the limiter; empty if
     * some waited longer than the largest bound (or nothing asked).
     */
    public OptionalDouble everyWaitWithinMs() {
        return withinMs.entrySet().stream()
                .filter(bucket -> waits > 0 && bucket.getValue() == waits)
                .mapToDouble(Map.Entry::getKey)
                .findFirst();
    }
}
