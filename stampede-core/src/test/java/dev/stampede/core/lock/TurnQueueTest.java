package dev.stampede.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    void timeQueuedCountsAgainstTheMaximumWaitAndOtherNamesDoNotWait() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Optional<Duration>> first = pool.submit(() -> queue.inTurn("sku:x", Duration.ofSeconds(5), left -> {
            sleep(Duration.ofSeconds(1));
            return left;
        }));
        Thread.sleep(100);

        long start = System.nanoTime();
        Optional<Duration> second = queue.inTurn("sku:x", Duration.ofMillis(300), left -> left);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Optional<Duration> otherName = queue.inTurn("sku:y", Duration.ofMillis(300), left -> left);

        assertThat(second).isEmpty();
        assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofMillis(900));
        assertThat(otherName).get().matches(left -> left.compareTo(Duration.ofMillis(300)) <= 0);
        assertThat(first.get(10, TimeUnit.SECONDS)).get().matches(left -> left.compareTo(Duration.ofSeconds(5)) <= 0);
        pool.shutdown();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
