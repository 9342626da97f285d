package dev.stampede.jdbc.sale;

import dev.stampede.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the SQL strategies behave under contention.
 *
 * @param lockTimeout how long a buyer waits for its SKU's row before answering busy: {@code pessimistic} for the row
 *     lock; {@code batched} for its turn in the queue (and as much again for its batch's commit once it is in one),
 *     and each batch for the row lock
 * @param retry how every strategy retries a purchase that lost a race: {@code optimistic} after a version conflict,
 *     any of them after a serialization failure or a deadlock (see {@link dev.stampede.jdbc.Transactions}); other
 *     transient faults answer busy at once
 * @param batchQueueCapacity how many purchases may wait per SKU for {@code batched}; beyond that, busy at once (the
 *     queue grows as buyers arrive: this is a bound, not an allocation)
 * @param maxBatchSize how many purchases {@code batched} commits in one transaction at most
 */
public record StrategySettings(Duration lockTimeout, RetryPolicy retry, int batchQueueCapacity, int maxBatchSize) {

    public StrategySettings {
        Objects.requireNonNull(retry, "retry");
        if (lockTimeout == null || lockTimeout.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "stampede.strategies.lock-timeout must be at least 1ms, was " + lockTimeout);
        }
        if (batchQueueCapacity < 1 || batchQueueCapacity > 1_000_000) {
            throw new IllegalArgumentException(
                    "stampede.strategies.batch-queue-capacity must be between 1 and 1000000, was "
                            + batchQueueCapacity);
        }
        if (maxBatchSize < 1 || maxBatchSize > 10_000) {
            throw new IllegalArgumentException(
                    "stampede.strategies.max-batch-size must be between 1 and 10000, was " + maxBatchSize);
        }
    }

    public static StrategySettings defaults() {
        return new StrategySettings(
                Duration.ofSeconds(5), new RetryPolicy(20, Duration.ofMillis(2), Duration.ofMillis(100)), 20_000, 500);
    }
}
