package dev.stampede.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueuedLeaseLockTest {

    /** A backend that answers after a pause and records how many acquirers it is answering at once. */
    private static final class SlowBackend implements LeaseLock {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();
        final AtomicLong tokens = new AtomicLong();
        final Duration pause;

        SlowBackend(Duration pause) {
            this.pause = pause;
        }

        @Override
        public String backend() {
            return "slow";
        }

        @Override
        public Optional<Lease> acquire(String name, String owner, Duration ttl, Duration maxWait) {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.decrementAndGet();
            }
            return Optional.of(new Lease(
                    name, owner, tokens.incrementAndGet(), Instant.now().plus(ttl)));
        }

        @Override
        public Optional<Lease> renew(Lease lease, Duration ttl) {
            return Optional.of(lease);
        }

        @Override
        public boolean release(Lease lease) {
            return true;
        }
    }

    @Test
    void acquirersOfOneNameAskTheBackendOneAtATime() throws Exception {
        SlowBackend backend = new SlowBackend(Duration.ofMillis(2));
        QueuedLeaseLock lock = new QueuedLeaseLock(backend);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Lease>>> answers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String owner = "owner-" + i;
            answers.add(pool.submit(() -> {
                start.await();
                return lock.acquire("sku:hot", owner, Duration.ofSeconds(5), Duration.ofSeconds(30));
            }));
        }
        start.countDown();
        for (Future<Optional<Lease>> answer : answers) {
            assertThat(answer.get(30, TimeUnit.SECONDS)).isPresent();
        }
        pool.shutdown();

        assertThat(backend.mostInside).hasValue(1);
        assertThat(backend.tokens).hasValue(64);
    }

    @Test
    void timeQueuedLocallyCountsAgainstTheMaximumWait() throws Exception {
        QueuedLeaseLock lock = new QueuedLeaseLock(new SlowBackend(Duration.ofSeconds(2)));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Optional<Lease>> first =
                pool.submit(() -> lock.acquire("sku:x", "first", Duration.ofSeconds(5), Duration.ofSeconds(5)));
        Thread.sleep(100);

        long start = System.nanoTime();
        Optional<Lease> second = lock.acquire("sku:x", "second", Duration.ofSeconds(5), Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(second).isEmpty();
        assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofMillis(1500));
        assertThat(first.get(10, TimeUnit.SECONDS)).isPresent();
        pool.shutdown();
    }
}
