package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import java.util.Optional;

/**
 * The figures of a {@code checkout} run (issue 14's bench scenario): checkouts that reached a final state per second,
 * the time from a buyer's start to its checkout's final state, how the checkouts ended, and when the last one did
 * (the moment the stock was all confirmed or released).
 *
 * @param confirmed checkouts confirmed (charged, order placed)
 * @param declined checkouts released because the provider declined
 * @param releasedOtherwise checkouts released for another reason (expired, payment unresolved), or refunded
 * @param soldOut buyers answered sold out (no checkout)
 * @param unfinished buyers whose checkout was not final (or who got no answer) when the run's deadline came
 * @param toFinalState time from each buyer's start to its checkout's final state, final checkouts only
 * @param lastFinalMillis milliseconds from the run's start to the last final state a buyer saw
 * @param stockSettledMillis milliseconds from the run's start until no unit was blocked by a checkout any more (read
 *     from the checkouts' timestamps, so not rounded up to a buyer's next poll); 0 when not read
 * @param wallSeconds the run's wall time
 */
public record CheckoutFigures(
        long confirmed,
        long declined,
        long releasedOtherwise,
        long soldOut,
        long unfinished,
        LatencySummary toFinalState,
        long lastFinalMillis,
        long stockSettledMillis,
        double wallSeconds) {

    public static final String CONFIRMED = "checkout_confirmed";
    public static final String DECLINED = "checkout_declined_released";
    public static final String RELEASED_OTHERWISE = "checkout_released_otherwise";
    public static final String SOLD_OUT = "checkout_sold_out";
    public static final String UNFINISHED = "checkout_unfinished";
    public static final String TO_FINAL_STATE = "to_final_state";
    public static final String LAST_FINAL_MS = "checkout_last_final_ms";
    /**
     * Timeline: units of the run's checkouts begun and not yet final (reserved, charging, cancelling), over the run
     * ({@code BlockedStock}).
     */
    public static final String BLOCKED_UNITS = "checkout_blocked_units";
    /** Milliseconds from the start until no unit was blocked any more: the stock all confirmed or released. */
    public static final String STOCK_SETTLED_MS = "checkout_stock_settled_ms";
    /** The most units blocked at once. */
    public static final String BLOCKED_UNITS_PEAK = "checkout_blocked_units_peak";

    /** The figures of a run that counted checkouts; empty for the other scenarios. */
    public static Optional<CheckoutFigures> of(RunResult run) {
        if (!run.counters().containsKey(LAST_FINAL_MS)) {
            return Optional.empty();
        }
        return Optional.of(new CheckoutFigures(
                run.counters().getOrDefault(CONFIRMED, 0L),
                run.counters().getOrDefault(DECLINED, 0L),
                run.counters().getOrDefault(RELEASED_OTHERWISE, 0L),
                run.counters().getOrDefault(SOLD_OUT, 0L),
                run.counters().getOrDefault(UNFINISHED, 0L),
                run.latencyByKind().getOrDefault(TO_FINAL_STATE, LatencySummary.EMPTY),
                run.counters().get(LAST_FINAL_MS),
                run.counters().getOrDefault(STOCK_SETTLED_MS, 0L),
                run.wallSeconds()));
    }

    /** Checkouts that reached a final state (confirmed, released, refunded). */
    public long completed() {
        return confirmed + declined + releasedOtherwise;
    }

    /** Completed checkouts per second of the run's wall time (0 for an empty run). */
    public double completedPerSecond() {
        return wallSeconds > 0 ? completed() / wallSeconds : 0;
    }
}
