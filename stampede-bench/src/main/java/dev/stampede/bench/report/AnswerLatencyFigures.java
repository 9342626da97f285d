package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.Outcome;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A run's latency apart for each answer its requests got ({@link dev.stampede.bench.load.RunRecorder#latencyByOutcome()}),
 * so that a buyer who got a definite answer (sold, or sold out) is not averaged with one shed at once (admission
 * control's {@code busy}, issue 15). Kept in a run's counters, in microseconds; present only when the run's requests
 * got more than one kind of answer.
 *
 * @param byAnswer per {@link Outcome#label()}, in {@link Outcome} order
 */
public record AnswerLatencyFigures(Map<String, Percentiles> byAnswer) {

    /**
     * The latency of the requests that got one answer, from when each was due to when it was answered.
     *
     * @param p50Ms median, milliseconds
     * @param p99Ms 99th percentile, milliseconds
     */
    public record Percentiles(double p50Ms, double p99Ms) {}

    private static final String PREFIX = "latency_by_answer_";

    /** The counters a run keeps for {@code byOutcome}; none when fewer than two kinds of answer were seen. */
    public static Map<String, Long> counters(Map<Outcome, LatencySummary> byOutcome) {
        if (byOutcome.size() < 2) {
            return Map.of();
        }
        Map<String, Long> counters = new HashMap<>();
        byOutcome.forEach((outcome, latency) -> {
            counters.put(p50(outcome), CounterLatency.micros(latency.medMs()));
            counters.put(p99(outcome), CounterLatency.micros(latency.p99Ms()));
        });
        return counters;
    }

    /** The figures of a run whose requests got more than one kind of answer; empty for the other runs. */
    public static Optional<AnswerLatencyFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        Map<String, Percentiles> byAnswer = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            if (counters.containsKey(p99(outcome))) {
                byAnswer.put(
                        outcome.label(),
                        new Percentiles(
                                CounterLatency.millis(counters.get(p50(outcome))),
                                CounterLatency.millis(counters.get(p99(outcome)))));
            }
        }
        return byAnswer.isEmpty() ? Optional.empty() : Optional.of(new AnswerLatencyFigures(byAnswer));
    }

    private static String p50(Outcome outcome) {
        return PREFIX + outcome.label() + "_p50_us";
    }

    private static String p99(Outcome outcome) {
        return PREFIX + outcome.label() + "_p99_us";
    }
}
