package dev.stampede.bench.report;

import java.util.Map;
import java.util.Optional;

/**
 * What the service's lease lock did during a {@code lease} run, from its metrics (summed over instances, before
 * subtracted from after): buyers whose turn in the service's queue for the SKU did not come within the maximum wait,
 * leases acquired and their mean wait, acquisitions that timed out or found the backend unavailable, lost-lease
 * signals, and writes the database refused for a stale fencing token.
 */
public record LeaseFigures(
        long turnTimedOut,
        long acquired,
        double meanWaitMs,
        long timedOut,
        long unavailable,
        long lost,
        long fencedRefused) {

    public static final String TURN_TIMED_OUT = "lease_turn_timed_out";
    public static final String ACQUIRED = "lease_acquired";
    public static final String WAIT_MICROS = "lease_acquire_wait_us";
    public static final String TIMED_OUT = "lease_timed_out";
    public static final String UNAVAILABLE = "lease_unavailable";
    public static final String LOST = "lease_lost";
    public static final String FENCED_REFUSED = "lease_fenced_refused";

    /** The figures of a run that measured its leases; empty for the other runs. */
    public static Optional<LeaseFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(ACQUIRED)) {
            return Optional.empty();
        }
        long acquired = counters.get(ACQUIRED);
        return Optional.of(new LeaseFigures(
                counters.getOrDefault(TURN_TIMED_OUT, 0L),
                acquired,
                acquired == 0 ? 0 : counters.getOrDefault(WAIT_MICROS, 0L) / 1000.0 / acquired,
                counters.getOrDefault(TIMED_OUT, 0L),
                counters.getOrDefault(UNAVAILABLE, 0L),
                counters.getOrDefault(LOST, 0L),
                counters.getOrDefault(FENCED_REFUSED, 0L)));
    }
}
