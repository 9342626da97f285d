package dev.stampede.testkit;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseStrategy;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * A concurrent fuzz: {@code threads} workers released at the same instant share {@code attempts} purchases. A busy
 * answer is retried by the same buyer after a short pause, as a client honouring {@code Retry-After} would, so that
 * every attempt ends in a definite answer and counts can be exact.
 */
public final class SaleFuzz {

    private static final int MAX_BUSY_RETRIES = 10_000;

    private SaleFuzz() {}

    /** The definite answer of each attempt, in no particular order, and how many busy answers preceded them. */
    public record Outcome(List<PurchaseResult> results, long busyAnswers) {

        public <T extends PurchaseResult> List<T> of(Class<T> type) {
            return results.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    public static Outcome run(PurchaseStrategy strategy, int threads, int attempts, IntFunction<PurchaseRequest> nth) {
        AtomicLong busy = new AtomicLong();
        List<PurchaseResult> results =
                ConcurrentCalls.run(threads, attempts, i -> untilDefinite(strategy, nth.apply(i), busy));
        return new Outcome(results, busy.get());
    }

    private static PurchaseResult untilDefinite(PurchaseStrategy strategy, PurchaseRequest request, AtomicLong busy) {
        for (int retry = 0; retry < MAX_BUSY_RETRIES; retry++) {
            PurchaseResult result = strategy.purchase(request);
            if (!(result instanceof Busy)) {
                return result;
            }
            busy.incrementAndGet();
            LockSupport.parkNanos(1_000_000);
        }
        throw new AssertionError("still busy after " + MAX_BUSY_RETRIES + " retries: " + request);
    }
}
