package dev.stampede.bench.report;

import java.util.Map;
import java.util.Optional;

/**
 * The mode switches the service's {@code adaptive} strategy made during an {@code adaptive} run, from its metric
 * {@code stampede_adaptive_switches_total{direction}} (summed over instances, before subtracted from after): SKUs
 * escalated to the batched path, and SKUs stepped back to optimistic.
 */
public record AdaptiveSwitchFigures(long escalated, long steppedDown) {

    public static final String ESCALATED = "adaptive_escalated";
    public static final String STEPPED_DOWN = "adaptive_stepped_down";

    /** The figures of a run that measured its switches; empty for the other runs. */
    public static Optional<AdaptiveSwitchFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(ESCALATED)) {
            return Optional.empty();
        }
        return Optional.of(new AdaptiveSwitchFigures(counters.get(ESCALATED), counters.getOrDefault(STEPPED_DOWN, 0L)));
    }
}
