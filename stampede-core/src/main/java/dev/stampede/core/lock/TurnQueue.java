package dev.stampede.core.lock;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A fair queue per name inside one process: callers of one name take turns, first come first served. Put in front of
 * a lease lock, it makes a thousand buyers waiting for one SKU cost the lock's backend one waiter per process instead
 * of a thousand (pollers for SQL and Redis, lease grants, keys and watches for etcd), and lets a caller whose turn
 * comes decide from what earlier turns learnt (a sold-out SKU) without asking the backend at all. It only spares the
 * backend: mutual exclusion between processes comes from the lease alone.
 */
public final class TurnQueue {

    /** One small gate per name ever queued for here. */
    private final Map<String, Semaphore> gates = new ConcurrentHashMap<>();

    /**
     * Runs {@code turn} once it is this caller's turn for {@code name}, giving it what is left of {@code maxWait}.
     *
     * @return the turn's answer, or empty if the turn did not come within {@code maxWait}
     */
    public <T> Optional<T> inTurn(String name, Duration maxWait, Function<Duration, T> turn) {
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
            return Optional.of(turn.apply(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        } finally {
            gate.release();
        }
    }
}
