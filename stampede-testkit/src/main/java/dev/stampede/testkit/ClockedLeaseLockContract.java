package dev.stampede.testkit;

import dev.stampede.core.lock.Lease;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@link LeaseLockContract} for backends that decide expiry against an injected clock: time passes by moving
 * {@link #clock()}, so no test sleeps for a TTL.
 */
public abstract class ClockedLeaseLockContract extends LeaseLockContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    /** The clock the lock under test must read. */
    protected final MutableClock clock() {
        return clock;
    }

    @Override
    protected Duration ttl() {
        return Duration.ofSeconds(30);
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected void outlive(Lease lease) {
        clock.advancePast(lease.expiresAt());
    }
}
