package dev.stampede.core.adaptive;

import java.time.Duration;

/**
 * When the {@code adaptive} strategy switches a SKU's mode ({@link ConflictRateRule}); the settings
 * {@code stampede.strategies.adaptive.*}. A bad value is refused with a message naming its setting.
 *
 * @param escalateAbove the share of a SKU's optimistic purchases in the window that lost a race (a version conflict)
 *     at least once, above which it is escalated to {@link Mode#BATCHED}, in (0, 1]; 0.10 by default, the share of
 *     retried transactions CockroachDB's operators treat as trouble (issue 15)
 * @param stepDownBelow the share of a batched SKU's arrivals in the window that found another purchase of it in flight
 *     below which the SKU counts as calm, in [0, {@code escalateAbove}]: the lower threshold of the hysteresis
 * @param window the sliding window both shares are measured over, at least 10 ms
 * @param minSamples how many samples (optimistic purchases; arrivals) the window must hold before its share counts, at least 1: a
 *     SKU with fewer is calm and is never escalated
 * @param coolDown how long a batched SKU must stay calm before it steps back to {@link Mode#OPTIMISTIC}, at least 0
 */
public record AdaptiveSettings(
        double escalateAbove, double stepDownBelow, Duration window, int minSamples, Duration coolDown) {

    private static final String PREFIX = "stampede.strategies.adaptive.";

    public AdaptiveSettings {
        if (!(escalateAbove > 0 && escalateAbove <= 1)) {
            throw new IllegalArgumentException(
                    PREFIX + "escalate-above must be above 0 and at most 1, was " + escalateAbove);
        }
        if (!(stepDownBelow >= 0 && stepDownBelow <= escalateAbove)) {
            throw new IllegalArgumentException(PREFIX + "step-down-below must be between 0 and escalate-above ("
                    + escalateAbove + "), was " + stepDownBelow);
        }
        if (window == null || window.toMillis() < SlidingCount.BUCKETS) {
            throw new IllegalArgumentException(PREFIX + "window must be at least 10ms, was " + window);
        }
        if (minSamples < 1 || minSamples > 1_000_000) {
            throw new IllegalArgumentException(PREFIX + "min-samples must be between 1 and 1000000, was " + minSamples);
        }
        if (coolDown == null || coolDown.isNegative()) {
            throw new IllegalArgumentException(PREFIX + "cool-down must be 0 or more, was " + coolDown);
        }
    }

    /** Escalate above 10% conflicts, calm below 5% overlaps, over 1 s, from 20 samples, after 5 s calm. */
    public static AdaptiveSettings defaults() {
        return new AdaptiveSettings(0.10, 0.05, Duration.ofSeconds(1), 20, Duration.ofSeconds(5));
    }
}
