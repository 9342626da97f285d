package dev.stampede.bench.report;

import dev.stampede.bench.load.RunRecorder;
import java.util.Map;
import java.util.Optional;

/**
 * An open-model run's arrivals split by whether their VU had to open a connection for them ({@link
 * RunRecorder#arrivalEnded}), each side's latency from the scheduled arrival: the cost of arriving buyers connecting
 * while the load runs (issue 13, the open model's start). Kept in a run's counters (latencies in microseconds); present
 * only for an open-model run.
 *
 * @param opened arrivals whose VU opened a connection for them
 * @param openedP50Ms their median latency from the scheduled arrival, milliseconds
 * @param openedP99Ms their 99th percentile, milliseconds
 * @param reused arrivals that found their VU's connection open
 * @param reusedP50Ms their median latency from the scheduled arrival, milliseconds
 * @param reusedP99Ms their 99th percentile, milliseconds
 */
public record NewConnectionFigures(
        long opened, double openedP50Ms, double openedP99Ms, long reused, double reusedP50Ms, double reusedP99Ms) {

    static final String OPENED = "arrivals_new_connection";
    static final String OPENED_P50 = "arrivals_new_connection_p50_us";
    static final String OPENED_P99 = "arrivals_new_connection_p99_us";
    static final String REUSED = "arrivals_open_connection";
    static final String REUSED_P50 = "arrivals_open_connection_p50_us";
    static final String REUSED_P99 = "arrivals_open_connection_p99_us";

    /** The counters a run keeps for what {@code recorder} recorded; none when no arrival ended (not an open model). */
    public static Map<String, Long> counters(RunRecorder recorder) {
        RunRecorder.ArrivalShare opened = recorder.arrivalsOnNewConnections();
        RunRecorder.ArrivalShare reused = recorder.arrivalsOnOpenConnections();
        if (opened.count() + reused.count() == 0) {
            return Map.of();
        }
        return Map.of(
                OPENED, opened.count(),
                OPENED_P50, CounterLatency.micros(opened.latency().medMs()),
                OPENED_P99, CounterLatency.micros(opened.latency().p99Ms()),
                REUSED, reused.count(),
                REUSED_P50, CounterLatency.micros(reused.latency().medMs()),
                REUSED_P99, CounterLatency.micros(reused.latency().p99Ms()));
    }

    /** The figures of an open-model run; empty for the other runs. */
    public static Optional<NewConnectionFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(OPENED)) {
            return Optional.empty();
        }
        return Optional.of(new NewConnectionFigures(
                counters.get(OPENED),
                CounterLatency.millis(counters.get(OPENED_P50)),
                CounterLatency.millis(counters.get(OPENED_P99)),
                counters.get(REUSED),
                CounterLatency.millis(counters.get(REUSED_P50)),
                CounterLatency.millis(counters.get(REUSED_P99))));
    }
}
