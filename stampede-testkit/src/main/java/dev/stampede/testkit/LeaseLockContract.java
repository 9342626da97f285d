package dev.stampede.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.LeaseLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LeaseLock} must do. An implementation's test extends this and supplies the lock, the TTL its leases
 * are taken with, and how time passes for it: backends reading an injected clock move the clock, backends whose server
 * keeps time wait.
 */
public abstract class LeaseLockContract {

    private static final Duration LONG_WAIT = Duration.ofSeconds(60);

    protected abstract LeaseLock lock();

    /** The TTL of the leases the tests take; long enough that leases do not expire on their own during a test. */
    protected abstract Duration ttl();

    /** Lets {@code duration} pass for the backend. */
    protected abstract void elapse(Duration duration);

    /** Makes the lease expire as if its holder had paused past its TTL without renewing it. */
    protected abstract void outlive(Lease lease);

    @Test
    void holdersNeverOverlapAndAnUnsynchronisedCounterCountsEveryIncrement() {
        String name = newName();
        int increments = 400;
        long[] counter = {0};
        List<Long> tokensInLockOrder = new ArrayList<>();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ConcurrentCalls.run(16, increments, i -> {
            Lease lease = lock().acquire(name, "owner-" + i, ttl(), LONG_WAIT).orElseThrow();
            try {
                if (inside.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                long read = counter[0];
                Thread.yield();
                counter[0] = read + 1;
                tokensInLockOrder.add(lease.token());
                inside.decrementAndGet();
            } finally {
                assertThat(lock().release(lease)).as("release by its holder").isTrue();
            }
            return lease.token();
        });

        assertThat(overlaps).hasValue(0);
        assertThat(counter[0]).isEqualTo(increments);
        assertThat(tokensInLockOrder).hasSize(increments).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void tokensIncreaseStrictlyFromOneHolderToTheNext() {
        String name = newName();
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Lease lease =
                    lock().acquire(name, "owner-" + i, ttl(), Duration.ZERO).orElseThrow();
            tokens.add(lease.token());
            assertThat(lock().release(lease)).isTrue();
        }
        assertThat(tokens).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aHeldLockIsRefusedToOthersAndNamesAreIndependent() {
        String name = newName();
        Lease held = lock().acquire(name, "a", ttl(), Duration.ZERO).orElseThrow();

        assertThat(lock().acquire(name, "b", ttl(), Duration.ZERO)).isEmpty();
        Lease other = lock().acquire(newName(), "b", ttl(), Duration.ZERO).orElseThrow();

        assertThat(lock().release(other)).isTrue();
        assertThat(lock().release(held)).isTrue();
    }

    @Test
    void anAcquirerGivesUpAfterItsMaximumWait() {
        String name = newName();
        Lease held = lock().acquire(name, "a", ttl(), Duration.ZERO).orElseThrow();
        Duration maxWait = Duration.ofMillis(300);

        long start = System.nanoTime();
        Optional<Lease> waited = lock().acquire(name, "b", ttl(), maxWait);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(waited).isEmpty();
        assertThat(took).isGreaterThanOrEqualTo(maxWait).isLessThan(Duration.ofSeconds(10));
        assertThat(lock().release(held)).isTrue();
    }

    @Test
    void aWaitingAcquirerTakesTheLockOnceItIsReleased() throws Exception {
        String name = newName();
        Lease first = lock().acquire(name, "a", ttl(), Duration.ZERO).orElseThrow();
        CompletableFuture<Optional<Lease>> waiting =
                CompletableFuture.supplyAsync(() -> lock().acquire(name, "b", ttl(), LONG_WAIT));
        Thread.sleep(200);
        assertThat(waiting).isNotDone();

        assertThat(lock().release(first)).isTrue();

        Lease second = waiting.get(30, TimeUnit.SECONDS).orElseThrow();
        assertThat(second.owner()).isEqualTo("b");
        assertThat(second.token()).isGreaterThan(first.token());
        assertThat(lock().release(second)).isTrue();
    }

    @Test
    void anExpiredLeaseFreesTheLockForTheNextHolderWithALargerToken() {
        String name = newName();
        Lease stale = lock().acquire(name, "a", ttl(), Duration.ZERO).orElseThrow();

        outlive(stale);

        Lease next = lock().acquire(name, "b", ttl(), Duration.ZERO).orElseThrow();
        assertThat(next.token()).isGreaterThan(stale.token());
        assertThat(lock().release(next)).isTrue();
    }

    @Test
    void renewingKeepsTheLeaseBeyondItsFirstTtl() {
        String name = newName();
        Lease lease = lock().acquire(name, "a", ttl(), Duration.ZERO).orElseThrow();
        Duration twoThirds = ttl().multipliedBy(2).dividedBy(3);

        elapse(twoThirds);
        Lease renewed = lock().renew(lease, ttl()).orElseThrow();
        elapse(twoThirds);

        assertThat(renewed.token()).isEqualTo(lease.token());
        assertThat(renewed.expiresAt()).isAfter(lease.expiresAt());
        assertThat(lock().acquire(name, "b", ttl(), Duration.ZERO)).isEmpty();
        assertThat(renewed.isLost()).isFalse();
        assertThat(lock().release(renewed)).isTrue();
    }

    @Test
    void aLeaseTakenOverCannotBeRenewedNorReleasedAndItsHolderIsTold() throws Exception {
        String name = newName();
        Lease stale = lock().acquire(name, "a", ttl(), Duration.ZERO).orElseThrow();
        outlive(stale);
        Lease current = lock().acquire(name, "b", ttl(), Duration.ZERO).orElseThrow();

        assertThat(lock().renew(stale, ttl())).isEmpty();
        assertThat(lock().release(stale)).isFalse();

        assertThat(stale.isLost()).isTrue();
        assertThat(stale.lost().toCompletableFuture().get(1, TimeUnit.SECONDS)).isNotBlank();
        assertThat(lock().acquire(name, "c", ttl(), Duration.ZERO))
                .as("the new holder keeps the lock")
                .isEmpty();
        assertThat(lock().release(current)).isTrue();
    }

    @Test
    void onlyTheOwnerCanReleaseALease() {
        String name = newName();
        Lease lease = lock().acquire(name, "a", ttl(), Duration.ZERO).orElseThrow();
        Lease forged = new Lease(name, "intruder", lease.token(), lease.expiresAt());

        assertThat(lock().release(forged)).isFalse();
        assertThat(lock().acquire(name, "b", ttl(), Duration.ZERO)).isEmpty();

        assertThat(lock().release(lease)).isTrue();
        Lease next = lock().acquire(name, "b", ttl(), Duration.ZERO).orElseThrow();
        assertThat(lock().release(next)).isTrue();
    }

    @Test
    void releasingTwiceIsRefusedTheSecondTime() {
        Lease lease = lock().acquire(newName(), "a", ttl(), Duration.ZERO).orElseThrow();

        assertThat(lock().release(lease)).isTrue();
        assertThat(lock().release(lease)).isFalse();
    }

    private static String newName() {
        return "contract-" + UUID.randomUUID();
    }
}
