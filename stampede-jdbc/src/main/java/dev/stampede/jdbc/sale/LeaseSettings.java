package dev.stampede.jdbc.sale;

import dev.stampede.core.lock.LeaseLock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@code lease} strategy takes its leases.
 *
 * @param lock the lease lock backend
 * @param ttl how long a lease lasts; a holder paused longer loses it and its write is refused by the fence
 * @param maxWait how long a buyer waits for the SKU's lease before being answered busy
 */
public record LeaseSettings(LeaseLock lock, Duration ttl, Duration maxWait) {

    public LeaseSettings {
        Objects.requireNonNull(lock, "lock");
        if (ttl == null || ttl.toMillis() < 100) {
            throw new IllegalArgumentException("stampede.lock.ttl must be at least 100ms, was " + ttl);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("stampede.lock.max-wait must be zero or more, was " + maxWait);
        }
    }
}
