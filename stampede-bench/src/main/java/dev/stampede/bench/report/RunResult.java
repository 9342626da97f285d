package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of one strategy (or of one target, in generic mode).
 *
 * @param run 1-based index of the run among {@code --runs}
 * @param throughput completed requests per second in consecutive {@code bucketMillis} buckets from the start
 * @param droppedIterations arrivals an open model could not start because every VU was busy
 * @param counters the script's named counters (empty for single-request scenarios)
 * @param latencyByKind a latency summary per named request kind (empty for single-request scenarios)
 * @param timelines quantities sampled over the run by name (e.g. {@link CheckoutFigures#BLOCKED_UNITS}); empty for most
 *     scenarios
 */
public record RunResult(
        String strategy,
        int run,
        long requests,
        OutcomeCounts outcomes,
        LatencySummary latency,
        double wallSeconds,
        double rps,
        long bucketMillis,
        List<Double> throughput,
        long droppedIterations,
        AuditVerdict audit,
        Map<String, Long> counters,
        Map<String, LatencySummary> latencyByKind,
        Map<String, Timeline> timelines) {

    public RunResult {
        counters = Map.copyOf(counters);
        latencyByKind = Map.copyOf(latencyByKind);
        timelines = Map.copyOf(timelines);
    }

    /** A run with no timeline. */
    public RunResult(
            String strategy,
            int run,
            long requests,
            OutcomeCounts outcomes,
            LatencySummary latency,
            double wallSeconds,
            double rps,
            long bucketMillis,
            List<Double> throughput,
            long droppedIterations,
            AuditVerdict audit,
            Map<String, Long> counters,
            Map<String, LatencySummary> latencyByKind) {
        this(
                strategy,
                run,
                requests,
                outcomes,
                latency,
                wallSeconds,
                rps,
                bucketMillis,
                throughput,
                droppedIterations,
                audit,
                counters,
                latencyByKind,
                Map.of());
    }

    /** The share of arrivals an open model dropped, 0 to 1: {@code droppedIterations / (requests + droppedIterations)}. */
    public double droppedShare() {
        long arrivals = requests + droppedIterations;
        return arrivals == 0 ? 0 : (double) droppedIterations / arrivals;
    }

    /** This run with {@code more} counters (measured outside the script, e.g. by the service) added. */
    public RunResult withCounters(Map<String, Long> more) {
        Map<String, Long> all = new HashMap<>(counters);
        all.putAll(more);
        return with(all, latencyByKind, timelines);
    }

    /** This run with latency summaries of {@code more} kinds (measured by the scenario itself) added. */
    public RunResult withLatencyByKind(Map<String, LatencySummary> more) {
        Map<String, LatencySummary> all = new HashMap<>(latencyByKind);
        all.putAll(more);
        return with(counters, all, timelines);
    }

    /** This run with the timeline {@code name} added (or replaced). */
    public RunResult withTimeline(String name, Timeline timeline) {
        Map<String, Timeline> all = new HashMap<>(timelines);
        all.put(name, timeline);
        return with(counters, latencyByKind, all);
    }

    private RunResult with(
            Map<String, Long> counters, Map<String, LatencySummary> latencyByKind, Map<String, Timeline> timelines) {
        return new RunResult(
                strategy,
                run,
                requests,
                outcomes,
                latency,
                wallSeconds,
                rps,
                bucketMillis,
                throughput,
                droppedIterations,
                audit,
                counters,
                latencyByKind,
                timelines);
    }
}
