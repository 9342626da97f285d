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
        Map<String, LatencySummary> latencyByKind) {

    public RunResult {
        counters = Map.copyOf(counters);
        latencyByKind = Map.copyOf(latencyByKind);
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
                all,
                latencyByKind);
    }
}
