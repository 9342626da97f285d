package dev.stampede.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.lock.Lease;
import dev.stampede.testkit.LeaseLockContract;
import java.time.Duration;

/**
 * The lease-lock contract's hooks for etcd, whose leases run on the cluster's clock: time passes by sleeping, and a
 * lease is outlived by no longer keeping it alive and waiting until etcd has deleted its key.
 */
abstract class EtcdContractHooks extends LeaseLockContract {

    /** etcd's shortest lease with its default timings. */
    static final Duration TTL = Duration.ofSeconds(2);

    private static final Duration EXPIRY_SLACK = Duration.ofSeconds(10);

    @Override
    protected abstract EtcdLeaseLock lock();

    @Override
    protected Duration ttl() {
        return TTL;
    }

    @Override
    protected void elapse(Duration duration) {
        sleep(duration);
    }

    @Override
    protected void outlive(Lease lease) {
        expire(lock(), lease);
    }

    /** Stops keeping the lease alive, as a paused holder would, and waits until etcd has deleted its key. */
    static void expire(EtcdLeaseLock lock, Lease lease) {
        lock.stopKeepingAlive(lease);
        long deadline = System.nanoTime() + TTL.plus(EXPIRY_SLACK).toNanos();
        while (lock.isStored(lease) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
        }
        assertThat(lock.isStored(lease)).as("etcd expired " + lease).isFalse();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
