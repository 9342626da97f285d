package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.netflix.concurrency.limits.Limiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The limiters admission control puts in front of each write partition, driven directly: permits are taken and
 * released by the test, and a waiting buyer is seen waiting by its thread's state, never by a timing.
 */
class AdmissionLimitersTest {

    private static AdmissionProperties settings(int purchaseLimit, Duration maxWait, int backlog) {
        return new AdmissionProperties(true, 2, 1, 2, purchaseLimit, maxWait, backlog);
    }

    private static List<Limiter.Listener> take(Limiter<Void> limiter, int permits) {
        List<Limiter.Listener> taken = new ArrayList<>();
        for (int i = 0; i < permits; i++) {
            taken.add(limiter.acquire(null).orElseThrow(() -> new AssertionError("no permit")));
        }
        return taken;
    }

    @Test
    void purchasesHaveTheFixedPurchaseLimitWhateverTheAdaptiveLimitsAre() {
        Limiter<Void> purchases = AdmissionLimiters.forPartition("purchases", settings(50, Duration.ZERO, 0));
        Limiter<Void> transfers = AdmissionLimiters.forPartition("transfers", settings(50, Duration.ZERO, 0));

        take(purchases, 50);
        take(transfers, 2);

        assertThat(purchases.acquire(null)).isEmpty();
        assertThat(transfers.acquire(null)).isEmpty();
    }

    @Test
    void aWriteOverTheLimitWaitsForAPermitAndIsAdmittedWhenOneIsReleased() {
        Limiter<Void> purchases = AdmissionLimiters.forPartition("purchases", settings(1, Duration.ofSeconds(60), 10));
        Limiter.Listener first = take(purchases, 1).getFirst();
        AtomicReference<Thread> waiter = new AtomicReference<>();

        CompletableFuture<Optional<Limiter.Listener>> second = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            return purchases.acquire(null);
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(second).isNotDone();
        first.onSuccess();

        assertThat(second.join()).isPresent();
    }

    @Test
    void aWriteThatFindsNoPermitWithinMaxWaitIsShed() {
        Limiter<Void> purchases = AdmissionLimiters.forPartition("purchases", settings(1, Duration.ofMillis(20), 10));
        take(purchases, 1);

        assertThat(purchases.acquire(null)).isEmpty();
    }

    @Test
    void aWriteThatFindsTheBacklogFullIsShedAtOnce() {
        Limiter<Void> purchases = AdmissionLimiters.forPartition("purchases", settings(1, Duration.ofSeconds(60), 0));
        take(purchases, 1);

        assertThat(purchases.acquire(null)).isEmpty();
    }
}
