package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import java.util.Map;
import java.util.Optional;

/**
 * How long after a closed-model release its VUs sent their first request ({@link
 * dev.stampede.bench.load.RunRecorder#startedAfterRelease()}): the part of the wall and of each first request's latency
 * that the bench's own threads spent waiting to run. Kept in a run's counters, in microseconds; present only for a load
 * released at once.
 *
 * @param p50Ms median VU, milliseconds after the release
 * @param p99Ms 99th percentile, milliseconds after the release
 * @param maxMs the last VU to start, milliseconds after the release
 */
public record StartSpreadFigures(double p50Ms, double p99Ms, double maxMs) {

    static final String P50 = "start_spread_p50_us";
    static final String P99 = "start_spread_p99_us";
    static final String MAX = "start_spread_max_us";

    /** The counters a run keeps for {@code spread}; none when nothing was released at once ({@code EMPTY}). */
    public static Map<String, Long> counters(LatencySummary spread) {
        if (spread.equals(LatencySummary.EMPTY)) {
            return Map.of();
        }
        return Map.of(
                P50,
                CounterLatency.micros(spread.medMs()),
                P99,
                CounterLatency.micros(spread.p99Ms()),
                MAX,
                CounterLatency.micros(spread.maxMs()));
    }

    /** The figures of a run released at once; empty for the other runs. */
    public static Optional<StartSpreadFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(MAX)) {
            return Optional.empty();
        }
        return Optional.of(new StartSpreadFigures(
                CounterLatency.millis(counters.get(P50)),
                CounterLatency.millis(counters.get(P99)),
                CounterLatency.millis(counters.get(MAX))));
    }
}
