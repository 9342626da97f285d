package dev.stampede.testkit;

import dev.stampede.core.lock.Lease;
import java.time.Duration;
import java.time.Instant;

/** The {@link LeasePurchaseContract} for lease backends that decide expiry against an injected clock. */
public abstract class ClockedLeasePurchaseContract extends LeasePurchaseContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    /** The clock the lock under test must read; leases are outlived by moving it. */
    protected final MutableClock clock() {
        return clock;
    }

    @Override
    protected Duration ttl() {
        return Duration.ofSeconds(30);
    }

    @Override
    protected void outlive(Lease lease) {
        clock.advancePast(lease.expiresAt());
    }
}
