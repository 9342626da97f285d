package dev.stampede.bench.report;

import java.util.List;

/**
 * A quantity sampled over a run at a fixed step: {@code values.get(i)} is its value {@code i * stepMillis}
 * milliseconds after the run's start.
 *
 * @param stepMillis milliseconds between two samples, at least 1
 * @param values the samples, the first at the start
 */
public record Timeline(long stepMillis, List<Long> values) {

    public Timeline {
        if (stepMillis < 1) {
            throw new IllegalArgumentException("a timeline's step must be at least 1 ms, was " + stepMillis);
        }
        values = List.copyOf(values);
    }

    /** Milliseconds from the start to the last sample above zero; 0 if there is none. */
    public long lastNonZeroMillis() {
        for (int i = values.size() - 1; i >= 0; i--) {
            if (values.get(i) > 0) {
                return i * stepMillis;
            }
        }
        return 0;
    }

    /** The largest sample; 0 for an empty timeline. */
    public long peak() {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
