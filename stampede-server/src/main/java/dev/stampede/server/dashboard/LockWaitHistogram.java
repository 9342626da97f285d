package dev.stampede.server.dashboard;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The lock-wait histogram of the dashboard (seed 003, "Observability": the lock-wait distribution beside the conflict
 * rate): the waits of the last {@value #WINDOW} snapshots, per series (the {@code pessimistic} row lock, a lease
 * backend's acquire), in a dozen buckets from 1 ms to 5 s. Read from the percentile histograms the timers already
 * publish (their cumulative bucket counts), so it costs nothing per request.
 */
final class LockWaitHistogram {

    /** How many snapshots (seconds, at one a second) the histogram covers. */
    static final int WINDOW = 10;

    /** Upper bounds of the buckets in milliseconds; a last bucket holds the waits above 5 s. */
    static final List<Double> BOUNDS_MILLIS =
            List.of(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3);

    /**
     * Waits per bucket over the window: {@code counts.get(series)[i]} waits were at most {@code bounds.get(i)} ms and
     * above the bound before; the last count is the waits above the last bound.
     */
    record Window(List<Double> boundsMillis, Map<String, long[]> counts) {}

    private final Deque<Map<String, long[]>> history = new ArrayDeque<>();

    /** Forgets the window: the next snapshot starts a new one (after a time nobody watched). */
    void reset() {
        history.clear();
    }

    /** Adds the current totals of each series' timers (several timers of one series are added up). */
    Window next(Map<String, ? extends Collection<Timer>> series) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        series.forEach((name, timers) -> {
            long[] sum = new long[BOUNDS_MILLIS.size() + 1];
            for (Timer timer : timers) {
                long[] cumulative = cumulative(timer.takeSnapshot());
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += cumulative[i];
                }
            }
            totals.put(name, sum);
        });
        history.addLast(totals);
        Map<String, long[]> oldest = history.size() > WINDOW ? history.removeFirst() : history.getFirst();
        Map<String, long[]> counts = new LinkedHashMap<>();
        totals.forEach((name, now) -> {
            long[] before = oldest.getOrDefault(name, new long[now.length]);
            long[] bars = new long[now.length];
            for (int i = 0; i < bars.length; i++) {
                long below = i == 0 ? 0 : now[i - 1] - before[i - 1];
                bars[i] = now[i] - before[i] - below;
            }
            counts.put(name, bars);
        });
        return new Window(BOUNDS_MILLIS, counts);
    }

    /** Waits at most each bound, and (last) all waits: cumulative, as the snapshot's bucket counts are. */
    private static long[] cumulative(HistogramSnapshot snapshot) {
        long[] out = new long[BOUNDS_MILLIS.size() + 1];
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            double upper = bucket.bucket(TimeUnit.MILLISECONDS);
            for (int i = 0; i < BOUNDS_MILLIS.size(); i++) {
                if (upper <= BOUNDS_MILLIS.get(i)) {
                    out[i] = Math.max(out[i], (long) bucket.count());
                }
            }
        }
        out[BOUNDS_MILLIS.size()] = snapshot.count();
        return out;
    }
}
