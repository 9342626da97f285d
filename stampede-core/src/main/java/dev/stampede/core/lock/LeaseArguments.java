package dev.stampede.core.lock;

import java.time.Duration;

/** The argument rules every {@link LeaseLock} applies before asking its backend. */
public final class LeaseArguments {

    private LeaseArguments() {}

    public static void check(String name, String owner, Duration ttl, Duration maxWait) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a lease needs a name");
        }
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("a lease needs an owner");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease's TTL must be positive, was " + ttl);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("the maximum wait must be zero or more, was " + maxWait);
        }
    }
}
