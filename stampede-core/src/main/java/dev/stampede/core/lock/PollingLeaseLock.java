package dev.stampede.core.lock;

import dev.stampede.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A lease lock whose backend can only try once: {@link #acquire} tries, then waits with capped, jittered backoff and
 * tries again until the lease is won or {@code maxWait} has passed. The wait is measured in real time, whatever clock
 * the backend reads for expiry.
 *
 * <p>Inside one process, acquirers of the same name queue first on a local fair gate, so that one of them at a time
 * asks the backend: a thousand waiting buyers cost the backend one poller per process, not a thousand. A release made
 * in this process wakes the local poller at once instead of at its next poll. The gate only spares the backend; mutual
 * exclusion comes from the backend alone.
 */
public abstract class PollingLeaseLock implements LeaseLock {

    private static final RetryPolicy BACKOFF = new RetryPolicy(1_000, Duration.ofMillis(1), Duration.ofMillis(25));

    /** Per name ever used here: the gate of local acquirers, also the monitor a local release notifies. */
    private final Map<String, Semaphore> gates = new ConcurrentHashMap<>();

    /** One attempt: the lease if {@code name} was free (never held, released or expired), else empty. */
    protected abstract Optional<Lease> tryAcquire(String name, String owner, Duration ttl);

    /** Gives the lease up if it is still held by its owner with its token; see {@link LeaseLock#release}. */
    protected abstract boolean tryRelease(Lease lease);

    @Override
    public final Optional<Lease> acquire(String name, String owner, Duration ttl, Duration maxWait) {
        LeaseArguments.check(name, owner, ttl, maxWait);
        long deadline = System.nanoTime() + maxWait.toNanos();
        Semaphore gate = gates.computeIfAbsent(name, key -> new Semaphore(1, true));
        try {
            if (!gate.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return poll(name, owner, ttl, deadline, gate);
        } finally {
            gate.release();
        }
    }

    @Override
    public final boolean release(Lease lease) {
        boolean released = tryRelease(lease);
        Semaphore gate = gates.get(lease.name());
        if (released && gate != null) {
            synchronized (gate) {
                gate.notifyAll();
            }
        }
        return released;
    }

    private Optional<Lease> poll(String name, String owner, Duration ttl, long deadline, Semaphore gate) {
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
                synchronized (gate) {
                    TimeUnit.NANOSECONDS.timedWait(gate, Math.max(pause, 1));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
