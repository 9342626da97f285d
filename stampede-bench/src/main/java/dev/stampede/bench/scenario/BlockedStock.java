package dev.stampede.bench.scenario;

import dev.stampede.bench.report.Timeline;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The stock a {@code checkout} run kept blocked over time (issue 14): at each instant, the units of the run's
 * checkouts that were begun and not yet final (reserved, charging or cancelling; for {@code lock-across-payment}, the
 * checkout being paid for under the row lock). Read after the run from the checkouts' own timestamps ({@code
 * created_at}, and {@code updated_at} once final), so nothing is sampled while the buyers run; the service's clock and
 * the bench's are the same machine's for local instances.
 */
final class BlockedStock {

    /** One checkout's units, blocked from {@code from} until {@code until} (null: not final yet). */
    record Held(Instant from, Instant until, int units) {}

    /** At most this many samples in a timeline: the step grows with the run. */
    static final int MAX_SAMPLES = 600;

    private static final long MIN_STEP_MILLIS = 100;

    private final Transactions database;

    BlockedStock(DataSource database) {
        this.database = new Transactions(database);
    }

    /** The units blocked by the checkouts of {@code skuId}, from {@code start} to {@code end}. */
    Timeline of(String skuId, Instant start, Instant end) {
        List<Held> held = database.required(connection -> Sql.on(connection)
                .query(
                        "SELECT created_at, CASE WHEN state IN ('confirmed', 'released', 'refunded') THEN updated_at"
                                + " END, quantity FROM checkouts WHERE sku_id = ?",
                        row -> new Held(
                                row.getTimestamp(1).toInstant(),
                                row.getTimestamp(2) == null
                                        ? null
                                        : row.getTimestamp(2).toInstant(),
                                row.getInt(3)),
                        skuId));
        return timeline(held, start, end);
    }

    /**
     * Sample {@code i} is the sum of the units of every span with {@code from <= start + i * step < until}; the step is
     * 100 ms, or longer so that the timeline has at most {@value #MAX_SAMPLES} samples (plus one). The last sample is
     * taken at or after {@code end}, so a checkout final by the end is never counted in it.
     */
    static Timeline timeline(List<Held> held, Instant start, Instant end) {
        long spanMillis = Math.max(0, Duration.between(start, end).toMillis());
        long step = Math.max(MIN_STEP_MILLIS, (spanMillis + MAX_SAMPLES - 1) / MAX_SAMPLES);
        int samples = (int) ((spanMillis + step - 1) / step) + 1;
        long[] change = new long[samples + 1];
        for (Held h : held) {
            int first = sampleAtOrAfter(h.from(), start, step);
            int last = h.until() == null ? samples : sampleAtOrAfter(h.until(), start, step);
            first = Math.min(first, samples);
            last = Math.min(last, samples);
            if (first < last) {
                change[first] += h.units();
                change[last] -= h.units();
            }
        }
        List<Long> values = new ArrayList<>(samples);
        long blocked = 0;
        for (int i = 0; i < samples; i++) {
            blocked += change[i];
            values.add(blocked);
        }
        return new Timeline(step, values);
    }

    /** The index of the first sample taken at or after {@code at} (0 for anything before the start). */
    private static int sampleAtOrAfter(Instant at, Instant start, long step) {
        long millis = Duration.between(start, at).toMillis();
        return millis <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (millis + step - 1) / step);
    }
}
