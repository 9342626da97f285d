package dev.stampede.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TurnQueueTest {

    private final TurnQueue queue = new TurnQueue();

    @Test
    void callersOfOneNameTakeTurnsOneAtATime() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Integer>>> answers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int caller = i;
            answers.add(pool.submit(() -> {
                start.await();
                return queue.inTurn("sku:hot", Duration.ofSeconds(30), left -> {
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    sleep(Duration.ofMillis(2));
                    inside.decrementAndGet();
                    return caller;
                });
            }));
        }
        start.countDown();
        for (Future<Optional<Integer>> answer : answers) {
            assertThat(answer.get(30, TimeUnit.SECONDS)).isPresent();
        }
        pool.shutdown();

        assertThat(mostInside).hasValue(1);
    }

    @Test
    void aCallerWhoseTurnDoesNotComeWithinItsMaximumWaitIsAnsweredEmptyAndOtherNamesDoNotWait() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Optional<Boolean>> holder = pool.submit(() -> queue.inTurn("sku:x", Duration.ofSeconds(30), left -> {
            holding.countDown();
            return waitFor(release);
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        Optional<Duration> second = queue.inTurn("sku:x", Duration.ofMillis(300), left -> left);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        Optional<Duration> otherName = queue.inTurn("sku:y", Duration.ofMillis(300), left -> left);
        release.countDown();

        assertThat(second).isEmpty();
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(otherName).get().matches(left -> left.compareTo(Duration.ofMillis(300)) <= 0);
        assertThat(holder.get(10, TimeUnit.SECONDS)).contains(true);
        pool.shutdown();
    }

    @Test
    void theTimeACallerSpentQueuedIsTakenFromWhatItsTurnIsGiven() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> queue.inTurn("sku:x", Duration.ofSeconds(30), left -> {
            holding.countDown();
            return waitFor(release);
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        Duration maxWait = Duration.ofSeconds(30);
        Future<Optional<Duration>> queued = pool.submit(() -> queue.inTurn("sku:x", maxWait, left -> left));
        awaitQueuedThread();

        long queuedSince = System.nanoTime();
        Thread.sleep(200); // the time queued that the turn must no longer be given; not an assertion on time
        long heldFor = System.nanoTime() - queuedSince;
        release.countDown();

        assertThat(queued.get(10, TimeUnit.SECONDS))
                .get()
                .matches(left -> left.compareTo(maxWait.minusNanos(heldFor)) <= 0);
        pool.shutdown();
    }

    /** Returns once a pool thread is parked in the queue's gate, waiting for its turn. */
    private static void awaitQueuedThread() {
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(TurnQueueTest::waitsAtTheGate));
    }

    private static boolean waitsAtTheGate(Thread thread) {
        return thread.getState() == Thread.State.TIMED_WAITING
                && Arrays.stream(thread.getStackTrace())
                        .anyMatch(frame -> frame.getClassName().equals(Semaphore.class.getName()));
    }

    private static boolean waitFor(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
