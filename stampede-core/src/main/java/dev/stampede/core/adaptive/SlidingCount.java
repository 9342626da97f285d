package dev.stampede.core.adaptive;

import java.time.Duration;
import java.util.Arrays;

/**
 * Samples and hits (conflicts, overlaps) counted over a sliding time window, kept in {@value #BUCKETS} buckets of a
 * tenth of the window each: a count leaves the window a tenth of the window at a time. Not thread-safe.
 */
final class SlidingCount {

    static final int BUCKETS = 10;

    private final long bucketMillis;
    private final long[] samples = new long[BUCKETS];
    private final long[] hits = new long[BUCKETS];
    private final long[] bucketOf = new long[BUCKETS];

    /** @param window the length of the window, at least {@value #BUCKETS} ms */
    SlidingCount(Duration window) {
        this.bucketMillis = window.toMillis() / BUCKETS;
        if (bucketMillis < 1) {
            throw new IllegalArgumentException("window must be at least " + BUCKETS + "ms, was " + window);
        }
        clear();
    }

    void add(long nowMillis, long sampleCount, long hitCount) {
        long bucket = Math.floorDiv(nowMillis, bucketMillis);
        int slot = (int) Math.floorMod(bucket, BUCKETS);
        if (bucketOf[slot] != bucket) {
            bucketOf[slot] = bucket;
            samples[slot] = 0;
            hits[slot] = 0;
        }
        samples[slot] += sampleCount;
        hits[slot] += hitCount;
    }

    /** The samples in the window ending at {@code nowMillis}. */
    long samples(long nowMillis) {
        return sum(samples, nowMillis);
    }

    /** The share of the window's samples that were hits, 0 when it has none. */
    double rate(long nowMillis) {
        long all = samples(nowMillis);
        return all == 0 ? 0 : (double) sum(hits, nowMillis) / all;
    }

    void clear() {
        Arrays.fill(samples, 0);
        Arrays.fill(hits, 0);
        Arrays.fill(bucketOf, Long.MIN_VALUE);
    }

    private long sum(long[] counts, long nowMillis) {
        long newest = Math.floorDiv(nowMillis, bucketMillis);
        long total = 0;
        for (int slot = 0; slot < BUCKETS; slot++) {
            if (bucketOf[slot] > newest - BUCKETS && bucketOf[slot] <= newest) {
                total += counts[slot];
            }
        }
        return total;
    }
}
