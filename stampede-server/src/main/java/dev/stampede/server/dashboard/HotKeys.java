package dev.stampede.server.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The most requested keys of a stream, in memory bounded by {@code capacity} keys whatever the number of distinct keys:
 * the space-saving algorithm (Metwally, Agrawal and El Abbadi, "Efficient computation of frequent and top-k elements
 * in data streams", ICDT 2005). A key not tracked while all counters are taken replaces the key with the smallest
 * count and inherits that count, plus one: a count may overestimate by at most its {@link Count#error()}, and every key
 * requested more than {@code total / capacity} times is tracked. {@link #drain()} ends a window: it returns the counts
 * and starts again from nothing, so the counts of one window are that window's request rate.
 *
 * <p>One short critical section per {@link #offer}: a hash lookup, and a scan of {@code capacity} counters only when an
 * untracked key arrives while all are taken.
 */
public final class HotKeys {

    /** A tracked key: {@code count} requests in the window, of which at most {@code error} may belong to others. */
    public record Count(String key, long count, long error) {}

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private Map<String, long[]> counters;

    /** @param capacity how many keys are tracked at once, at least 1 */
    public HotKeys(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.counters = new HashMap<>();
    }

    /** Counts one request for {@code key}. */
    public void offer(String key) {
        lock.lock();
        try {
            long[] counter = counters.get(key);
            if (counter != null) {
                counter[0]++;
            } else if (counters.size() < capacity) {
                counters.put(key, new long[] {1, 0});
            } else {
                Map.Entry<String, long[]> smallest = null;
                for (Map.Entry<String, long[]> entry : counters.entrySet()) {
                    if (smallest == null || entry.getValue()[0] < smallest.getValue()[0]) {
                        smallest = entry;
                    }
                }
                long floor = smallest.getValue()[0];
                counters.remove(smallest.getKey());
                counters.put(key, new long[] {floor + 1, floor});
            }
        } finally {
            lock.unlock();
        }
    }

    /** The counts of the window that ends now, most requested first (ties by key), and a new, empty window. */
    public List<Count> drain() {
        Map<String, long[]> window;
        lock.lock();
        try {
            window = counters;
            counters = new HashMap<>();
        } finally {
            lock.unlock();
        }
        List<Count> counts = new ArrayList<>(window.size());
        window.forEach((key, counter) -> counts.add(new Count(key, counter[0], counter[1])));
        counts.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::key));
        return counts;
    }
}
