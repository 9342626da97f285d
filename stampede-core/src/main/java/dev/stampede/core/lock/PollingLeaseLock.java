package dev.stampede.core.lock;

import dev.stampede.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A lease lock whose backend can only try once: {@link #acquire} tries, then waits with capped, jittered backoff and
 * tries again until the lease is won or {@code maxWait} has passed. The wait is measured in real time, whatever clock
 * the backend reads for expiry.
 */
public abstract class PollingLeaseLock implements LeaseLock {

    private static final RetryPolicy BACKOFF = new RetryPolicy(1_000, Duration.ofMillis(1), Duration.ofMillis(25));

    /** One attempt: the lease if {@code name} was free (never held, released or expired), else empty. */
    protected abstract Optional<Lease> tryAcquire(String name, String owner, Duration ttl);

    @Override
    public final Optional<Lease> acquire(String name, String owner, Duration ttl, Duration maxWait) {
        LeaseArguments.check(name, owner, ttl, maxWait);
        long deadline = System.nanoTime() + maxWait.toNanos();
        for (int retry = 1; ; retry++) {
            Optional<Lease> lease = tryAcquire(name, owner, ttl);
            long left = deadline - System.nanoTime();
            if (lease.isPresent() || left <= 0) {
                return lease;
            }
            long pause = Math.min(
                    left,
                    BACKOFF.delayBefore(Math.min(retry, 16), ThreadLocalRandom.current())
                            .toNanos());
            try {
                Thread.sleep(Duration.ofNanos(pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
