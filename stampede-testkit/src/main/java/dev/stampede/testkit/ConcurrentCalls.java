package dev.stampede.testkit;

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
import java.util.function.IntFunction;

/** {@code threads} workers released at the same instant share {@code calls} numbered calls; their answers, unordered. */
public final class ConcurrentCalls {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private ConcurrentCalls() {}

    public static <R> List<R> run(int threads, int calls, IntFunction<R> call) {
        List<R> results = Collections.synchronizedList(new ArrayList<>(calls));
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                        results.add(call.apply(i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("concurrent calls did not finish: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(results);
    }
}
