package dev.stampede.jdbc.transfer;

import dev.stampede.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the transfer strategies behave.
 *
 * @param work time spent inside each transfer (inside the lock or transaction; between reserve and settle for
 *     {@code reserve}), to reproduce slow business logic
 * @param backoff the pause between the attempts of every strategy after a transient error or a conflict (its
 *     attempt cap does not apply: {@code maxWait} bounds the retries)
 * @param maxWait how long after its arrival a transfer is answered: it keeps retrying until then, then answers busy
 *     (seed 004's transfers queue for a minute on ten accounts; a cap on attempts gave up on slow attempts early and
 *     on fast ones late); every strategy but {@code reserve} also bounds its wait for a turn at the accounts with it,
 *     and {@code pessimistic} and {@code conditional} their row-lock waits, so that the attempt under way ends by then
 *     too
 */
public record TransferSettings(Duration work, RetryPolicy backoff, Duration maxWait) {

    public TransferSettings {
        Objects.requireNonNull(backoff, "backoff");
        if (maxWait == null || maxWait.toMillis() < 1) {
            throw new IllegalArgumentException("stampede.transfers.max-wait must be at least 1ms, was " + maxWait);
        }
        if (work == null || work.isNegative() || work.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("stampede.transfers.work must be between 0 and 1m, was " + work);
        }
    }
}
