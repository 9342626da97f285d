package dev.stampede.server.lock;

import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.LeaseLock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lease lock that measures the backend it wraps: acquire wait by outcome, hold time (acquire to release), renew
 * failures and leases lost (the lost-lease signal raised), all tagged with the backend. Tokens and answers pass through
 * unchanged. The home of the lease meters, beside {@link dev.stampede.server.sale.PurchaseMetrics}, which counts what
 * the {@code lease} strategy itself reports (fenced writes refused, turns that timed out).
 */
public final class MeteredLeaseLock implements LeaseLock {

    private final LeaseLock lock;
    private final MeterProvider<Timer> acquireWait;
    private final Timer hold;
    private final Counter renewFailures;
    private final Counter lost;
    private final Map<String, Long> acquiredAt = new ConcurrentHashMap<>();

    public MeteredLeaseLock(LeaseLock lock, MeterRegistry meters) {
        this.lock = lock;
        this.acquireWait = Timer.builder("stampede.lease.acquire.wait")
                .description("Time spent taking a lease, by outcome (acquired, timed_out, unavailable)")
                .tag("backend", lock.backend())
                .publishPercentileHistogram()
                .withRegistry(meters);
        this.hold = Timer.builder("stampede.lease.hold")
                .description("Time from taking a lease to releasing it")
                .tag("backend", lock.backend())
                .publishPercentileHistogram()
                .register(meters);
        this.renewFailures = Counter.builder("stampede.lease.renew.failures")
                .description("Renewals that found the lease expired or taken over")
                .tag("backend", lock.backend())
                .register(meters);
        this.lost = Counter.builder("stampede.lease.lost")
                .description("Leases whose holder was told it had lost them")
                .tag("backend", lock.backend())
                .register(meters);
    }

    @Override
    public String backend() {
        return lock.backend();
    }

    @Override
    public Optional<Lease> acquire(String name, String owner, Duration ttl, Duration maxWait) {
        long start = System.nanoTime();
        String outcome = "unavailable";
        try {
            Optional<Lease> lease = lock.acquire(name, owner, ttl, maxWait);
            outcome = lease.isPresent() ? "acquired" : "timed_out";
            lease.ifPresent(this::track);
            return lease;
        } finally {
            acquireWait.withTag("outcome", outcome).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        Optional<Lease> renewed = lock.renew(lease, ttl);
        if (renewed.isEmpty()) {
            renewFailures.increment();
        }
        return renewed;
    }

    /** Only a release the backend accepted ends a hold, so a forged or stale lease cannot stop its timer. */
    @Override
    public boolean release(Lease lease) {
        boolean released = lock.release(lease);
        if (released) {
            Long start = acquiredAt.remove(key(lease));
            if (start != null) {
                hold.record(Duration.ofNanos(System.nanoTime() - start));
            }
        }
        return released;
    }

    /** A renewed lease keeps its name and token, so its hold time runs from the first acquisition. */
    private void track(Lease lease) {
        String key = key(lease);
        acquiredAt.put(key, System.nanoTime());
        lease.lost().thenRun(() -> {
            lost.increment();
            acquiredAt.remove(key);
        });
    }

    private static String key(Lease lease) {
        return lease.name() + '#' + lease.token();
    }
}
