package dev.stampede.core.lock;

import dev.stampede.core.retry.Retry;
import dev.stampede.core.retry.Retry.Attempt;
import dev.stampede.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A lease lock whose backend can only try once: {@link #acquire} tries, then waits with capped, jittered backoff and
 * tries again ({@link Retry#runUntil}) until the lease is won or {@code maxWait} has passed. The wait is measured in
 * real time, whatever clock the backend reads for expiry. A release made in this process wakes this process's pollers
 * of that name at once instead of at their next poll. Put a {@link TurnQueue} in front of it so that one acquirer per
 * name polls.
 */
public abstract class PollingLeaseLock implements LeaseLock {

    /** Pauses between polls: 1 ms doubling up to 25 ms, fully jittered; the attempt cap is unused (a deadline ends). */
    private static final RetryPolicy BACKOFF = new RetryPolicy(1_000, Duration.ofMillis(1), Duration.ofMillis(25));

    /** Per name ever polled here: the monitor that a local release notifies. */
    private final Map<String, Object> released = new ConcurrentHashMap<>();

    /** One attempt: the lease if {@code name} was free (never held, released or expired), else empty. */
    protected abstract Optional<Lease> tryAcquire(String name, String owner, Duration ttl);

    /** Gives the lease up if it is still held by its owner with its token; see {@link LeaseLock#release}. */
    protected abstract boolean tryRelease(Lease lease);

    @Override
    public final Optional<Lease> acquire(String name, String owner, Duration ttl, Duration maxWait) {
        LeaseArguments.check(name, owner, ttl, maxWait);
        long deadline = System.nanoTime() + maxWait.toNanos();
        Object monitor = released.computeIfAbsent(name, key -> new Object());
        return Retry.runUntil(
                deadline,
                BACKOFF,
                nanos -> awaitRelease(monitor, nanos),
                attempt -> tryAcquire(name, owner, ttl)
                        .<Attempt<Optional<Lease>>>map(lease -> Attempt.done(Optional.of(lease)))
                        .orElseGet(() -> Attempt.again("held")),
                (attempts, reason) -> Optional.empty());
    }

    /** Waits for a local release of the name, or {@code nanos}; false (interrupt flag set) if interrupted. */
    private static boolean awaitRelease(Object monitor, long nanos) {
        try {
            synchronized (monitor) {
                TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public final boolean release(Lease lease) {
        boolean done = tryRelease(lease);
        Object monitor = released.get(lease.name());
        if (done && monitor != null) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
        return done;
    }
}
