package dev.stampede.bench.report;

/**
 * A latency kept in a run's counters, which hold whole numbers: stored in microseconds, read back in milliseconds
 * ({@link StartSpreadFigures}, {@link AnswerLatencyFigures}, {@link NewConnectionFigures}).
 */
final class CounterLatency {

    private CounterLatency() {}

    /** {@code millis} milliseconds as whole microseconds, rounded. */
    static long micros(double millis) {
        return Math.round(millis * 1000);
    }

    /** {@code micros} microseconds in milliseconds. */
    static double millis(long micros) {
        return micros / 1000.0;
    }
}
