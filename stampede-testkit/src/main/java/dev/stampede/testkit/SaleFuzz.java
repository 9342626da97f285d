package dev.stampede.testkit;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A concurrent fuzz: {@code threads} workers released at the same instant share {@code attempts} purchases. A busy
 * answer is retried by the same buyer after a short pause, as a client honouring {@code Retry-After} would, so that
 * every attempt ends in a definite answer and counts can be exact.
 */
public final class SaleFuzz {

    private static final int MAX_BUSY_RETRIES = 10_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private SaleFuzz() {}

    /** The definite answer of each attempt, in no particular order, and how many busy answers preceded them. */
    public record Outcome(List<PurchaseResult> results, long busyAnswers) {

        public <T extends PurchaseResult> List<T> of(Class<T> type) {
            return results.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    public static Outcome run(PurchaseStrategy strategy, int threads, int attempts, IntFunction<PurchaseRequest> nth) {
        List<PurchaseResult> results = Collections.synchronizedList(new ArrayList<>(attempts));
        AtomicInteger next = new AtomicInteger();
        AtomicLong busy = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = next.getAndIncrement(); i < attempts; i = next.getAndIncrement()) {
                        results.add(untilDefinite(strategy, nth.apply(i), busy));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("fuzz did not finish: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(List.copyOf(results), busy.get());
    }

    private static PurchaseResult untilDefinite(PurchaseStrategy strategy, PurchaseRequest request, AtomicLong busy)
            throws InterruptedException {
        for (int retry = 0; retry < MAX_BUSY_RETRIES; retry++) {
            PurchaseResult result = strategy.purchase(request);
            if (!(result instanceof Busy)) {
                return result;
            }
            busy.incrementAndGet();
            Thread.sleep(1);
        }
        throw new AssertionError("still busy after " + MAX_BUSY_RETRIES + " retries: " + request);
    }
}
