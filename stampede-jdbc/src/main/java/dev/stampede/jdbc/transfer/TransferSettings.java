package dev.stampede.jdbc.transfer;

import dev.stampede.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the transfer strategies behave.
 *
 * @param work time spent inside each transfer (inside the lock or transaction; between reserve and settle for
 *     {@code reserve}), to reproduce slow business logic
 * @param lockTimeout how long {@code pessimistic} waits for a row lock before retrying
 * @param retry how every strategy retries a transaction after a transient error or a conflict
 */
public record TransferSettings(Duration work, Duration lockTimeout, RetryPolicy retry) {

    public TransferSettings {
        Objects.requireNonNull(retry, "retry");
        if (work == null || work.isNegative() || work.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("stampede.transfers.work must be between 0 and 1m, was " + work);
        }
        if (lockTimeout == null || lockTimeout.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "stampede.transfers.lock-timeout must be at least 1ms, was " + lockTimeout);
        }
    }
}
