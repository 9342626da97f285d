package dev.stampede.core.lock;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A lease lock whose acquirers of one name queue first in this process, on a fair gate, so that one of them at a time
 * asks the backend: a thousand buyers waiting for one SKU cost the backend one waiter per process, not a thousand
 * (pollers for the SQL and Redis backends, lease grants, keys and watches for etcd). The gate only spares the backend;
 * mutual exclusion comes from the backend alone, and {@code maxWait} covers the time queued here too.
 */
public final class QueuedLeaseLock implements LeaseLock {

    private final LeaseLock backend;

    /** One small gate per name ever acquired here. */
    private final Map<String, Semaphore> gates = new ConcurrentHashMap<>();

    public QueuedLeaseLock(LeaseLock backend) {
        this.backend = backend;
    }

    @Override
    public String backend() {
        return backend.backend();
    }

    @Override
    public Optional<Lease> acquire(String name, String owner, Duration ttl, Duration maxWait) {
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
            return backend.acquire(name, owner, ttl, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } finally {
            gate.release();
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        return backend.renew(lease, ttl);
    }

    @Override
    public boolean release(Lease lease) {
        return backend.release(lease);
    }
}
