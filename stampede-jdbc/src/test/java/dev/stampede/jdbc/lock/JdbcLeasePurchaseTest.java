package dev.stampede.jdbc.lock;

import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.LeaseLock;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.LeasePurchaseContract;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;

class JdbcLeasePurchaseTest extends LeasePurchaseContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LeaseLock lock = new JdbcLeaseLock(new Transactions(TestDatabase.dataSource()), clock);

    @Override
    protected LeaseLock lock() {
        return lock;
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
