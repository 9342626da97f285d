package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.List;

/**
 * One run of one strategy (or of one target, in generic mode).
 *
 * @param run 1-based index of the run among {@code --runs}
 * @param throughput completed requests per second in consecutive {@code bucketMillis} buckets from the start
 * @param droppedIterations arrivals an open model could not start because every VU was busy
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
        AuditVerdict audit) {}
