package dev.stampede.bench.report;

import java.util.Map;
import java.util.Optional;

/**
 * The service's stop-the-world collector pauses during a run (summed over instances, read before the run and after its
 * audit, like {@link CpuFigures}): while the collector has stopped the service, nothing in it runs, not even what bounds
 * a wait (admission control's shedders), so a run's pauses are a floor under its tail latencies.
 *
 * @param pauses stop-the-world pauses
 * @param pausedMicros their total length, in microseconds
 */
public record GcPauseFigures(long pauses, long pausedMicros) {

    public static final String PAUSES = "service_gc_pauses";
    public static final String PAUSED = "service_gc_paused_us";

    /** The figures of a run that read them; empty for the other runs. */
    public static Optional<GcPauseFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(PAUSES)) {
            return Optional.empty();
        }
        return Optional.of(new GcPauseFigures(counters.get(PAUSES), counters.getOrDefault(PAUSED, 0L)));
    }

    /** The share of {@code wallSeconds} the service spent stopped; 0 for an empty run. */
    public double shareOf(double wallSeconds) {
        return wallSeconds <= 0 ? 0 : pausedMicros / 1e6 / wallSeconds;
    }
}
