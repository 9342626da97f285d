package dev.stampede.bench.report;

import dev.stampede.bench.load.OutcomeCounts;
import java.util.Map;
import java.util.Optional;

/**
 * What a run with the fault {@code --fault kill-service@AFTER} saw (issue 16): the instance killed with SIGKILL {@code
 * killedAtMs} after the load's release, the time it took to serve again ({@code restartMs}), the time from the kill to
 * the next success the load recorded ({@code nextSaleMs}: through the balancer, or from the instances the bench drives;
 * -1 if none came), and the answers lost with the killed process: requests answered 503 {@code outcome-unknown} (the
 * balancer's answer for a request the instance took and never answered), with no answer at all (connection reset or
 * refused) or with an unexpected status. Read from the run's counters; the audit says whether anything acknowledged was
 * lost.
 */
public record FaultFigures(
        long killAfterMs, long killedAtMs, long restartMs, long nextSaleMs, long outcomeUnknown, long errors) {

    public static final String KILL_AFTER_MS = "fault_kill_service_after_ms";
    public static final String KILLED_AT_MS = "fault_killed_at_ms";
    public static final String RESTART_MS = "fault_restart_ms";
    public static final String NEXT_SALE_MS = "fault_next_sale_ms";

    /** The figures of a run with a kill; empty for the other runs. */
    public static Optional<FaultFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(KILLED_AT_MS)) {
            return Optional.empty();
        }
        OutcomeCounts outcomes = run.outcomes();
        return Optional.of(new FaultFigures(
                counters.get(KILL_AFTER_MS),
                counters.get(KILLED_AT_MS),
                counters.get(RESTART_MS),
                counters.get(NEXT_SALE_MS),
                outcomes.outcomeUnknown(),
                outcomes.errors()));
    }

    /** Every answer lost with the killed process: outcome-unknown ones and errors. */
    public long answersLost() {
        return outcomeUnknown + errors;
    }
}
