package dev.stampede.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter and a cap: before retry {@code n} (1-based) wait a uniformly random time in
 * {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}. {@code maxAttempts} counts the first try.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1 || maxAttempts > 1_000) {
            throw new IllegalArgumentException("max-attempts must be between 1 and 1000, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("base-delay must be positive, was " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException(
                    "max-delay must be at least base-delay (" + baseDelay + "), was " + maxDelay);
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delayBefore(int retry, RandomGenerator random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, was " + retry);
        }
        long base = baseDelay.toNanos();
        long capped = maxDelay.toNanos();
        int shift = retry - 1;
        if (shift < Long.numberOfLeadingZeros(base) - 1) {
            capped = Math.min(capped, base << shift);
        }
        return Duration.ofNanos(random.nextLong(capped + 1));
    }

    public boolean canRetryAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
